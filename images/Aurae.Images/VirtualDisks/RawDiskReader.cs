using System.Collections;

namespace Aurae.Images.VirtualDisks;

/// <summary>
/// A raw disk image read in fixed-size chunks (clusters, blocks, grains) by the virtual-disk writers:
/// validates the input once, reads chunk <c>n</c> with bounded buffers and tells all-zero chunks apart.
/// </summary>
/// <remarks>
/// The stream's <see cref="Stream.Length"/> is the disk's virtual size; reading starts at offset 0 whatever
/// the stream's position. Writers whose metadata precedes the data read the disk twice (first to find the
/// zero chunks, then to copy the others), so the disk must not change while it is being converted.
/// Shared by the Qcow2, Vhd, Vmdk and Gce writers.
/// </remarks>
internal sealed class RawDiskReader
{
    /// <summary>The sector size every virtual-disk format here counts in.</summary>
    public const int SectorSize = 512;

    private readonly Stream _disk;

    private RawDiskReader(Stream disk)
    {
        _disk = disk;
        Length = disk.Length;
        // Holes of a sparse raw disk are zeros: known without reading them.
        Data = Aurae.Images.IO.FileDataExtents.Of(disk);
    }

    /// <summary>Where the disk holds data; the rest reads as zeros.</summary>
    public Aurae.Images.IO.FileDataExtents Data { get; }

    /// <summary>The virtual size in bytes: a positive multiple of the size given to <see cref="Open"/>.</summary>
    public long Length { get; }

    /// <summary>
    /// Checks <paramref name="rawDisk"/> (readable, seekable, non-empty, length a multiple of
    /// <paramref name="sizeMultiple"/>) and wraps it; <paramref name="multipleReason"/> says in the error why
    /// that multiple is required.
    /// </summary>
    public static RawDiskReader Open(Stream rawDisk, long sizeMultiple = SectorSize, string multipleReason = "the disk is made of 512-byte sectors")
    {
        ArgumentNullException.ThrowIfNull(rawDisk);
        if (!rawDisk.CanRead)
        {
            throw new ArgumentException("The raw disk stream must be readable.", nameof(rawDisk));
        }

        if (!rawDisk.CanSeek)
        {
            throw new ArgumentException(
                "The raw disk stream must be seekable: its Length is the virtual disk size and its contents are read by offset.",
                nameof(rawDisk));
        }

        long length = rawDisk.Length;
        if (length == 0)
        {
            throw new ArgumentException("The raw disk is empty (Length 0); a virtual disk needs at least one sector.", nameof(rawDisk));
        }

        if (length % sizeMultiple != 0)
        {
            throw new ArgumentException(
                $"The raw disk's length {length} bytes is not a multiple of {sizeMultiple} bytes ({multipleReason}).",
                nameof(rawDisk));
        }

        return new RawDiskReader(rawDisk);
    }

    /// <summary>Checks that <paramref name="output"/> is writable; it need not be seekable.</summary>
    public static void RequireWritable(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream must be writable.", nameof(output));
        }
    }

    /// <summary>Number of <paramref name="chunkSize"/>-byte chunks covering the disk, the last possibly partial.</summary>
    public long ChunkCount(int chunkSize) => (Length + chunkSize - 1) / chunkSize;

    /// <summary>
    /// Reads chunk <paramref name="index"/> into <paramref name="buffer"/> (whose length is the chunk size);
    /// bytes past the end of the disk read as zeros. Returns whether the chunk holds any non-zero byte.
    /// </summary>
    public bool ReadChunk(long index, Span<byte> buffer)
    {
        long offset = index * buffer.Length;
        int available = (int)Math.Min(buffer.Length, Length - offset);
        if (!Data.HasData(offset, available))
        {
            buffer.Clear();
            return false;
        }
        _disk.Position = offset;
        try
        {
            _disk.ReadExactly(buffer[..available]);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException(
                $"The raw disk ended before offset {offset + available}, although its Length is {Length}; was it truncated while being read?",
                exception);
        }

        buffer[available..].Clear();
        return buffer.ContainsAnyExcept((byte)0);
    }

    /// <summary>
    /// First pass: one bit per <paramref name="chunkSize"/>-byte chunk, set when the chunk holds any non-zero byte.
    /// Memory is one bit per chunk plus one chunk buffer.
    /// </summary>
    public BitArray FindNonZeroChunks(int chunkSize)
    {
        long count = ChunkCount(chunkSize);
        if (count > Array.MaxLength)
        {
            throw new ArgumentException(
                $"The raw disk of {Length} bytes has more {chunkSize}-byte chunks than this writer can map ({Array.MaxLength}).");
        }

        var nonZero = new BitArray((int)count);
        byte[] buffer = new byte[chunkSize];
        for (int index = 0; index < count; index++)
        {
            nonZero[index] = ReadChunk(index, buffer);
        }

        return nonZero;
    }
}
