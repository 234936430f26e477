using System.Buffers.Binary;
using Aurae.Images.VirtualDisks;

namespace Aurae.Images.Vhd;

/// <summary>
/// The 512-byte hard disk footer (Virtual Hard Disk Image Format Specification, "Hard Disk Footer Format"),
/// big-endian. It ends every VHD and, for dynamic disks, is also copied to offset 0.
/// </summary>
internal sealed record VhdFooter(VhdDiskType DiskType, ulong DataOffset, ulong CurrentSize, VhdIdentity Identity)
{
    /// <summary>Size of the footer.</summary>
    public const int Length = 512;

    /// <summary>Data Offset of a fixed disk, which has no further structures: all ones.</summary>
    public const ulong NoDataOffset = ulong.MaxValue;

    /// <summary>Cookie "conectix", the original creator of the format.</summary>
    private static ReadOnlySpan<byte> Cookie => "conectix"u8;

    /// <summary>Features: bit 1 "reserved" must always be set; no temporary-disk bit.</summary>
    private const uint Features = 0x00000002;

    /// <summary>File Format Version 1.0.</summary>
    private const uint FileFormatVersion = 0x00010000;

    /// <summary>
    /// Creator Application "win " (Hyper-V). Readers differ in where they take the disk size from: QEMU
    /// (block/vpc.c) uses the CHS geometry, which usually rounds the size down, unless the creator is one it
    /// knows to size disks by Current Size, such as "win ". With it, every reader sees exactly the raw size.
    /// </summary>
    private static ReadOnlySpan<byte> CreatorApplication => "win "u8;

    /// <summary>Creator Version 10.0, the version Hyper-V writes alongside "win ".</summary>
    private const uint CreatorVersion = 0x000A0000;

    /// <summary>Creator Host OS "Wi2k" (Windows), the value paired with "win ".</summary>
    private const uint CreatorHostOs = 0x5769326B;

    // Field offsets, specification "Hard Disk Footer Format"; Saved State (84) and Reserved (85-511) stay zero.
    private const int CookieOffset = 0;
    private const int FeaturesOffset = 8;
    private const int FileFormatVersionOffset = 12;
    private const int DataOffsetOffset = 16;
    private const int TimeStampOffset = 24;
    private const int CreatorApplicationOffset = 28;
    private const int CreatorVersionOffset = 32;
    private const int CreatorHostOsOffset = 36;
    private const int OriginalSizeOffset = 40;
    private const int CurrentSizeOffset = 48;
    private const int CylindersOffset = 56;
    private const int HeadsOffset = 58;
    private const int SectorsPerTrackOffset = 59;
    private const int DiskTypeOffset = 60;
    private const int ChecksumOffset = 64;
    private const int UniqueIdOffset = 68;

    /// <summary>Writes the footer, checksum included, into the first <see cref="Length"/> bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        Span<byte> footer = destination[..Length];
        footer.Clear();
        Cookie.CopyTo(footer[CookieOffset..]);
        BinaryPrimitives.WriteUInt32BigEndian(footer[FeaturesOffset..], Features);
        BinaryPrimitives.WriteUInt32BigEndian(footer[FileFormatVersionOffset..], FileFormatVersion);
        BinaryPrimitives.WriteUInt64BigEndian(footer[DataOffsetOffset..], DataOffset);
        BinaryPrimitives.WriteUInt32BigEndian(footer[TimeStampOffset..], Identity.VhdTimeStamp);
        CreatorApplication.CopyTo(footer[CreatorApplicationOffset..]);
        BinaryPrimitives.WriteUInt32BigEndian(footer[CreatorVersionOffset..], CreatorVersion);
        BinaryPrimitives.WriteUInt32BigEndian(footer[CreatorHostOsOffset..], CreatorHostOs);
        // Original Size equals Current Size: the disk has never been resized.
        BinaryPrimitives.WriteUInt64BigEndian(footer[OriginalSizeOffset..], CurrentSize);
        BinaryPrimitives.WriteUInt64BigEndian(footer[CurrentSizeOffset..], CurrentSize);
        VhdDiskGeometry geometry = VhdDiskGeometry.FromTotalSectors((long)(CurrentSize / RawDiskReader.SectorSize));
        BinaryPrimitives.WriteUInt16BigEndian(footer[CylindersOffset..], geometry.Cylinders);
        footer[HeadsOffset] = geometry.Heads;
        footer[SectorsPerTrackOffset] = geometry.SectorsPerTrack;
        BinaryPrimitives.WriteUInt32BigEndian(footer[DiskTypeOffset..], (uint)DiskType);
        Identity.UniqueId.TryWriteBytes(footer[UniqueIdOffset..], bigEndian: true, out _);
        BinaryPrimitives.WriteUInt32BigEndian(footer[ChecksumOffset..], VhdChecksum.Compute(footer));
    }
}
