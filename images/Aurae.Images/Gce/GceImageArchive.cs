using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Aurae.Images.Compression;
using Aurae.Images.VirtualDisks;

namespace Aurae.Images.Gce;

/// <summary>
/// Packs a raw disk image the way Google Compute Engine imports one: a gzip-compressed GNU tar archive holding a
/// single file named <see cref="DiskFileName"/> (Compute Engine "Import a boot disk manually"; the documented
/// command is <c>tar --format=oldgnu -Sczf</c>). As with <c>-S</c>, disk.raw is an old-GNU sparse member: only
/// the disk's data extents are stored (a 1 GiB disk holding 20 MB is 20 MB to compress, not 1 GiB of zeros).
/// The output need not be seekable.
/// </summary>
public static class GceImageArchive
{
    /// <summary>The only name Compute Engine accepts for the disk inside the archive.</summary>
    public const string DiskFileName = "disk.raw";

    /// <summary>
    /// gzip level: fixed for reproducible output; zlib's default (6), as <c>tar -z</c> uses, since the maximum
    /// level costs several times the time on multi-GiB disks for little gain.
    /// </summary>
    public const CompressionLevel GzipCompressionLevel = CompressionLevel.Optimal;

    // GNU tar's old-GNU header (GNU tar manual, "Basic Tar Format" and "Sparse Files": struct
    // oldgnu_header, struct sparse, struct sparse_header). Offsets within the 512-byte block.
    private const int BlockSize = 512;
    private const int NameOffset = 0, NameLength = 100;
    private const int ModeOffset = 100, UidOffset = 108, GidOffset = 116, IdLength = 8;
    private const int SizeOffset = 124, MtimeOffset = 136, NumberLength = 12;
    private const int ChecksumOffset = 148, ChecksumLength = 8;
    private const int TypeFlagOffset = 156;
    private const byte GnuSparseType = (byte)'S';
    private const int MagicOffset = 257;
    private static ReadOnlySpan<byte> OldGnuMagic => "ustar  \0"u8; // magic "ustar " and version " \0"
    private const int SparseOffset = 386, SparsesInHeader = 4, SparseEntryLength = 24;
    private const int IsExtendedOffset = 482, RealSizeOffset = 483;
    private const int SparsesInExtension = 21, ExtensionIsExtendedOffset = 504;

    /// <summary>disk.raw's permissions: rw-r--r--.</summary>
    private const int DiskFileMode = 0b110_100_100;

    /// <summary>
    /// Writes <paramref name="rawDisk"/> (seekable; its Length, a positive multiple of 512, is the disk size) to
    /// <paramref name="output"/> as tar.gz. The tar member is owned by uid/gid 0 with mode 0644 and modification
    /// time <paramref name="timestamp"/> (the build's time, e.g. a parsed SOURCE_DATE_EPOCH); the gzip header has MTIME 0, no
    /// name and OS Unix, so the same disk and time give the same bytes.
    /// </summary>
    public static void Write(Stream rawDisk, Stream output, DateTimeOffset timestamp)
    {
        var disk = RawDiskReader.Open(rawDisk);
        RawDiskReader.RequireWritable(output);
        var map = SparseMap(disk.Data.Extents, disk.Length);
        var stored = map.Sum(e => e.Length);

        // GZipStream writes MTIME 0 and no file name; GzipNormalizingStream fixes the OS byte.
        using var gzip = new GZipStream(new GzipNormalizingStream(output, leaveOpen: true), GzipCompressionLevel, leaveOpen: false);
        WriteHeaders(gzip, map, stored, disk.Length, timestamp);
        var buffer = new byte[1 << 20];
        foreach (var (offset, length) in map)
        {
            rawDisk.Position = offset;
            for (long left = length; left > 0;)
            {
                var count = (int)Math.Min(buffer.Length, left);
                rawDisk.ReadExactly(buffer, 0, count);
                gzip.Write(buffer, 0, count);
                left -= count;
            }
        }
        // The member's data padded to a block, then the end of the archive: two zero blocks.
        gzip.Write(new byte[(BlockSize - stored % BlockSize) % BlockSize + 2 * BlockSize]);
    }

    /// <summary>
    /// The stored chunks: the data extents, and as GNU tar does, a final empty chunk at the disk's end when
    /// it ends in a hole, so that extraction gives the file its whole length.
    /// </summary>
    private static List<(long Offset, long Length)> SparseMap(IReadOnlyList<(long Start, long End)> extents, long size)
    {
        var map = extents.Select(e => (e.Start, e.End - e.Start)).ToList();
        if (map.Count == 0 || map[^1].Item1 + map[^1].Item2 < size)
            map.Add((size, 0));
        return map;
    }

    private static void WriteHeaders(Stream output, List<(long Offset, long Length)> map, long stored, long size, DateTimeOffset timestamp)
    {
        var header = new byte[BlockSize];
        Encoding.ASCII.GetBytes(DiskFileName).CopyTo(header.AsSpan(NameOffset, NameLength));
        WriteNumber(header.AsSpan(ModeOffset, IdLength), DiskFileMode);
        WriteNumber(header.AsSpan(UidOffset, IdLength), 0);
        WriteNumber(header.AsSpan(GidOffset, IdLength), 0);
        WriteNumber(header.AsSpan(SizeOffset, NumberLength), stored);
        WriteNumber(header.AsSpan(MtimeOffset, NumberLength), timestamp.ToUnixTimeSeconds());
        header[TypeFlagOffset] = GnuSparseType;
        OldGnuMagic.CopyTo(header.AsSpan(MagicOffset));
        WriteSparses(header.AsSpan(SparseOffset), map, 0, SparsesInHeader);
        header[IsExtendedOffset] = map.Count > SparsesInHeader ? (byte)1 : (byte)0;
        WriteNumber(header.AsSpan(RealSizeOffset, NumberLength), size);
        WriteChecksum(header);
        output.Write(header);

        for (var first = SparsesInHeader; first < map.Count; first += SparsesInExtension)
        {
            var extension = new byte[BlockSize];
            WriteSparses(extension, map, first, SparsesInExtension);
            extension[ExtensionIsExtendedOffset] = first + SparsesInExtension < map.Count ? (byte)1 : (byte)0;
            output.Write(extension);
        }
    }

    private static void WriteSparses(Span<byte> slots, List<(long Offset, long Length)> map, int first, int count)
    {
        for (var i = 0; i < count && first + i < map.Count; i++)
        {
            var slot = slots.Slice(i * SparseEntryLength, SparseEntryLength);
            WriteNumber(slot[..NumberLength], map[first + i].Offset);
            WriteNumber(slot[NumberLength..], map[first + i].Length);
        }
    }

    /// <summary>
    /// A numeric field: octal digits and a NUL when the value fits, else GNU's base-256 (the first byte's high
    /// bit set, the value big-endian in the rest), as GNU tar writes sizes of 8 GiB and more.
    /// </summary>
    private static void WriteNumber(Span<byte> field, long value)
    {
        var octal = Convert.ToString(value, 8);
        if (octal.Length <= field.Length - 1)
        {
            Encoding.ASCII.GetBytes(octal.PadLeft(field.Length - 1, '0')).CopyTo(field);
            field[^1] = 0;
            return;
        }
        field.Clear();
        BinaryPrimitives.WriteInt64BigEndian(field[^8..], value);
        field[0] |= 0x80;
    }

    /// <summary>The header checksum: the sum of its bytes with the checksum field as spaces, six octal digits, NUL, space.</summary>
    private static void WriteChecksum(byte[] header)
    {
        header.AsSpan(ChecksumOffset, ChecksumLength).Fill((byte)' ');
        var sum = header.Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0')).CopyTo(header.AsSpan(ChecksumOffset));
        header[ChecksumOffset + 6] = 0;
        header[ChecksumOffset + 7] = (byte)' ';
    }
}
