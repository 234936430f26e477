using System.Globalization;
using System.Text;

namespace Aurae.Images.Ar;

/// <summary>
/// Reads the common ar archive format, the container of a Debian package (deb(5)), forward-only.
/// Layout (ar(5), "common format"): the 8-byte global header "!&lt;arch&gt;\n", then for every member
/// a 60-byte ASCII header followed by the member data, padded with '\n' to an even offset.
/// Offsets in errors and on <see cref="ArMember"/> count from the start of the archive.
/// </summary>
public sealed class ArArchiveReader : IDisposable
{
    // ar(5): every archive starts with this global header.
    private static ReadOnlySpan<byte> GlobalHeader => "!<arch>\n"u8;

    // ar(5) member header, 60 bytes of space-padded ASCII:
    // name[16] mtime[12] uid[6] gid[6] mode[8] size[10] fmag[2].
    private const int MemberHeaderLength = 60;
    private const int NameFieldOffset = 0;
    private const int NameFieldLength = 16;
    private const int SizeFieldOffset = 48;
    private const int SizeFieldLength = 10;
    private const int TerminatorFieldOffset = 58;
    private static ReadOnlySpan<byte> HeaderTerminator => "`\n"u8;

    // ar(5): member data starts on an even offset; an odd-sized member is followed by one '\n'.
    private const int DataAlignment = 2;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private long _position;
    private bool _globalHeaderRead;
    private bool _finished;
    private ArMemberStream? _current;
    private long _currentDataOffset;
    private long _currentPadding;

    /// <param name="stream">The archive, positioned at its global header.</param>
    /// <param name="sourceName">What to call the archive in errors (usually its path).</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    public ArArchiveReader(Stream stream, string sourceName, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        _stream = stream;
        SourceName = sourceName;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Opens the archive file at <paramref name="path"/> for reading.</summary>
    public static ArArchiveReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16), path);

    /// <summary>The name errors use for the archive.</summary>
    public string SourceName { get; }

    /// <summary>
    /// Moves to the next member, skipping whatever the caller left unread of the previous one.
    /// Returns null at the end of the archive.
    /// </summary>
    public ArMember? ReadNextMember()
    {
        if (_finished)
            return null;
        if (!_globalHeaderRead)
        {
            ReadGlobalHeader();
            _globalHeaderRead = true;
        }
        else
        {
            SkipRestOfCurrentMember();
        }

        var headerOffset = _position;
        Span<byte> header = stackalloc byte[MemberHeaderLength];
        var read = ReadUpTo(header);
        if (read == 0)
        {
            _finished = true;
            return null;
        }
        if (read < MemberHeaderLength)
            throw Error($"truncated member header at offset {headerOffset} ({read} of {MemberHeaderLength} bytes)");
        if (!header.Slice(TerminatorFieldOffset, HeaderTerminator.Length).SequenceEqual(HeaderTerminator))
            throw Error($"bad member header at offset {headerOffset} (missing the \"`\\n\" terminator)");

        var name = ParseName(header.Slice(NameFieldOffset, NameFieldLength));
        var size = ParseSize(header.Slice(SizeFieldOffset, SizeFieldLength), name, headerOffset);
        var dataOffset = _position;

        if (_stream.CanSeek)
        {
            var available = _stream.Length - _stream.Position;
            if (available < size)
                throw Truncated(name, headerOffset, size, available);
        }

        _current = new ArMemberStream(_stream, size, available => Truncated(name, headerOffset, size, available));
        _currentDataOffset = dataOffset;
        _currentPadding = size % DataAlignment;
        return new ArMember(name, size, headerOffset, dataOffset, _current);
    }

    /// <summary>Enumerates the remaining members; each one's data is valid until the next is reached.</summary>
    public IEnumerable<ArMember> ReadMembers()
    {
        while (ReadNextMember() is { } member)
            yield return member;
    }

    public void Dispose()
    {
        if (!_leaveOpen)
            _stream.Dispose();
    }

    private void ReadGlobalHeader()
    {
        Span<byte> magic = stackalloc byte[GlobalHeader.Length];
        var read = ReadUpTo(magic);
        if (read < magic.Length || !magic.SequenceEqual(GlobalHeader))
            throw Error("not an ar archive (missing the \"!<arch>\\n\" header at offset 0)");
    }

    private void SkipRestOfCurrentMember()
    {
        if (_current is null)
            return;
        _current.SkipRest();
        _position = _currentDataOffset + _current.Length;
        _current = null;

        // Tolerate a missing pad byte after the last member: some writers omit it.
        Span<byte> pad = stackalloc byte[1];
        for (var i = 0; i < _currentPadding; i++)
        {
            if (_stream.Read(pad) == 0)
                break;
            _position++;
        }
    }

    private int ReadUpTo(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = _stream.Read(buffer[total..]);
            if (read == 0)
                break;
            total += read;
        }
        _position += total;
        return total;
    }

    private static string ParseName(ReadOnlySpan<byte> field)
    {
        var name = Encoding.ASCII.GetString(field).TrimEnd(' ');
        // GNU ar ends names with '/' so they may contain spaces; "/" and "//" are its special
        // symbol-table and long-name-table members and keep their names.
        if (name.Length > 1 && name.EndsWith('/') && name != "//")
            name = name[..^1];
        return name;
    }

    private long ParseSize(ReadOnlySpan<byte> field, string name, long headerOffset)
    {
        var text = Encoding.ASCII.GetString(field).TrimEnd(' ');
        if (text.Length == 0 || !text.All(char.IsAsciiDigit)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            throw Error($"member '{name}' at offset {headerOffset} has an invalid size field \"{text}\"");
        return size;
    }

    private ArArchiveException Truncated(string name, long headerOffset, long size, long available) =>
        Error($"truncated member '{name}' at offset {headerOffset} (header says {size} bytes, {available} available)");

    private ArArchiveException Error(string problem) => new(SourceName, problem);
}
