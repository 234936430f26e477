using System.Buffers.Binary;

namespace Aurae.Images.Vhd;

/// <summary>
/// The 1024-byte dynamic disk header (specification, "Dynamic Disk Header Format"), big-endian, for a disk
/// without a parent: it locates the block allocation table and gives the block size.
/// </summary>
internal sealed record VhdDynamicDiskHeader(ulong TableOffset, uint MaxTableEntries)
{
    /// <summary>Size of the header.</summary>
    public const int Length = 1024;

    /// <summary>Block Size: 2 MiB, the specification's default and what Hyper-V and Azure use.</summary>
    public const int BlockSize = 2 * 1024 * 1024;

    /// <summary>Cookie "cxsparse".</summary>
    private static ReadOnlySpan<byte> Cookie => "cxsparse"u8;

    /// <summary>
    /// Data Offset: unused, all ones. The specification shows 0xFFFFFFFF, but Microsoft's tools expect all 64 bits set.
    /// </summary>
    private const ulong DataOffset = ulong.MaxValue;

    /// <summary>Header Version 1.0.</summary>
    private const uint HeaderVersion = 0x00010000;

    // Field offsets, specification "Dynamic Disk Header Format"; the parent fields (40-767) and Reserved stay zero.
    private const int CookieOffset = 0;
    private const int DataOffsetOffset = 8;
    private const int TableOffsetOffset = 16;
    private const int HeaderVersionOffset = 24;
    private const int MaxTableEntriesOffset = 28;
    private const int BlockSizeOffset = 32;
    private const int ChecksumOffset = 36;

    /// <summary>Writes the header, checksum included, into the first <see cref="Length"/> bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        Span<byte> header = destination[..Length];
        header.Clear();
        Cookie.CopyTo(header[CookieOffset..]);
        BinaryPrimitives.WriteUInt64BigEndian(header[DataOffsetOffset..], DataOffset);
        BinaryPrimitives.WriteUInt64BigEndian(header[TableOffsetOffset..], TableOffset);
        BinaryPrimitives.WriteUInt32BigEndian(header[HeaderVersionOffset..], HeaderVersion);
        BinaryPrimitives.WriteUInt32BigEndian(header[MaxTableEntriesOffset..], MaxTableEntries);
        BinaryPrimitives.WriteUInt32BigEndian(header[BlockSizeOffset..], BlockSize);
        BinaryPrimitives.WriteUInt32BigEndian(header[ChecksumOffset..], VhdChecksum.Compute(header));
    }
}
