using System.Text;
using Aurae.Images.IO;

namespace Aurae.Images.Cpio;

/// <summary>
/// Writes a cpio archive in the "newc" format the Linux kernel unpacks as an initramfs
/// (Documentation/driver-api/early-userspace/buffer-format.rst). Entries are written in the order given;
/// the caller is responsible for emitting parent directories first (see <see cref="CpioTree"/>).
/// Disposing writes the <c>TRAILER!!!</c> entry and pads the archive to <see cref="ArchiveAlignment"/>.
/// </summary>
/// <remarks>
/// Output is a pure function of the entries: inode numbers are assigned sequentially from 1, nlink is 1
/// (2 for directories), the checksum is 0 and device numbers of the containing filesystem are 0.
/// Hard links are not represented; every entry is a distinct inode.
/// </remarks>
public sealed class CpioWriter : IDisposable, IAsyncDisposable
{
    /// <summary>The alignment GNU cpio pads whole archives to (its block size).</summary>
    public const int GnuCpioBlockSize = 512;

    private static readonly byte[] TrailerNameBytes = Encoding.ASCII.GetBytes(CpioNewcHeader.TrailerName);

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    // Header + longest name + NUL + padding, reused for every entry.
    private readonly byte[] _headerBuffer = new byte[CpioNewcHeader.Length + CpioNewcHeader.PathMax + CpioNewcHeader.Alignment];
    private uint _nextInode = 1;
    private long _position;
    private bool _disposed;

    /// <summary>Creates a writer; <paramref name="output"/> need not be seekable.</summary>
    public CpioWriter(Stream output, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream must be writable.", nameof(output));
        }

        _output = output;
        _leaveOpen = leaveOpen;
    }

    /// <summary>
    /// The finished archive's length is padded with NULs to a multiple of this. Default 4, the least the
    /// format needs and all the kernel needs to find a following concatenated archive. Set
    /// <see cref="GnuCpioBlockSize"/> to pad whole archives the way GNU cpio does. Must be a positive
    /// multiple of 4.
    /// </summary>
    public int ArchiveAlignment
    {
        get;
        init
        {
            if (value <= 0 || value % CpioNewcHeader.Alignment != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(ArchiveAlignment), value,
                    $"Archive alignment must be a positive multiple of {CpioNewcHeader.Alignment}.");
            }

            field = value;
        }
    } = CpioNewcHeader.Alignment;

    /// <summary>Bytes written to the output so far.</summary>
    public long Position => _position;

    /// <summary>Appends one entry: header, name, padding, data, padding.</summary>
    public void WriteEntry(CpioEntry entry)
    {
        int headerLength = PrepareHeader(entry);
        _output.Write(_headerBuffer, 0, headerLength);
        _position += headerLength;

        if (entry.OpenData is { } openData)
        {
            using Stream source = openData();
            ExactLengthCopy.Copy(source, _output, entry.DataLength, entry.Path);
            _position += entry.DataLength;
        }
        else
        {
            _output.Write(entry.InlineData.Span);
            _position += entry.InlineData.Length;
        }

        WritePadding(CpioNewcHeader.PaddingFor(entry.DataLength));
    }

    /// <summary>Appends one entry asynchronously.</summary>
    public async Task WriteEntryAsync(CpioEntry entry, CancellationToken cancellationToken = default)
    {
        int headerLength = PrepareHeader(entry);
        await _output.WriteAsync(_headerBuffer.AsMemory(0, headerLength), cancellationToken).ConfigureAwait(false);
        _position += headerLength;

        if (entry.OpenData is { } openData)
        {
            Stream source = openData();
            await using (source.ConfigureAwait(false))
            {
                await ExactLengthCopy.CopyAsync(source, _output, entry.DataLength, entry.Path, cancellationToken).ConfigureAwait(false);
            }

            _position += entry.DataLength;
        }
        else
        {
            await _output.WriteAsync(entry.InlineData, cancellationToken).ConfigureAwait(false);
            _position += entry.InlineData.Length;
        }

        await WritePaddingAsync(CpioNewcHeader.PaddingFor(entry.DataLength), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the trailer and final padding, then disposes the output unless leaveOpen.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            int length = EncodeTrailer();
            _output.Write(_headerBuffer, 0, length);
            _position += length;
            WritePadding(ArchivePadding());
            _output.Flush();
        }
        finally
        {
            if (!_leaveOpen)
            {
                _output.Dispose();
            }
        }
    }

    /// <summary>Asynchronously writes the trailer and final padding, then disposes the output unless leaveOpen.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            int length = EncodeTrailer();
            await _output.WriteAsync(_headerBuffer.AsMemory(0, length)).ConfigureAwait(false);
            _position += length;
            await WritePaddingAsync(ArchivePadding(), CancellationToken.None).ConfigureAwait(false);
            await _output.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            if (!_leaveOpen)
            {
                await _output.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Fills <see cref="_headerBuffer"/> with header, name, NUL and padding; returns its length.</summary>
    private int PrepareHeader(CpioEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_nextInode == 0)
        {
            throw new InvalidOperationException("The archive has run out of 32-bit inode numbers.");
        }

        var header = new CpioNewcHeader(
            Ino: _nextInode,
            Mode: entry.RawMode,
            Uid: entry.Uid,
            Gid: entry.Gid,
            NLink: entry.EntryType == CpioEntryType.Directory ? 2u : 1u,
            MTime: entry.ModificationTimeSeconds,
            FileSize: (uint)entry.DataLength,
            DevMajor: 0,
            DevMinor: 0,
            RDevMajor: entry.DeviceMajor,
            RDevMinor: entry.DeviceMinor,
            NameSize: (uint)entry.EncodedPath.Length + 1,
            Check: 0);
        int length = EncodeWithName(header, entry.EncodedPath);
        _nextInode++;
        return length;
    }

    private int EncodeTrailer()
    {
        var header = CpioNewcHeader.Trailer(nameSize: (uint)TrailerNameBytes.Length + 1);
        return EncodeWithName(header, TrailerNameBytes);
    }

    private int EncodeWithName(CpioNewcHeader header, byte[] name)
    {
        Span<byte> buffer = _headerBuffer;
        header.Encode(buffer);
        name.CopyTo(buffer[CpioNewcHeader.Length..]);
        int unpadded = CpioNewcHeader.Length + name.Length + 1; // + NUL
        int padded = unpadded + CpioNewcHeader.PaddingFor(unpadded);
        buffer[(CpioNewcHeader.Length + name.Length)..padded].Clear();
        return padded;
    }

    private int ArchivePadding() => (int)ZeroFill.PaddingFor(_position, ArchiveAlignment);

    private void WritePadding(int count)
    {
        ZeroFill.Write(_output, count);
        _position += Math.Max(count, 0);
    }

    private async ValueTask WritePaddingAsync(int count, CancellationToken cancellationToken)
    {
        await ZeroFill.WriteAsync(_output, count, cancellationToken).ConfigureAwait(false);
        _position += Math.Max(count, 0);
    }
}
