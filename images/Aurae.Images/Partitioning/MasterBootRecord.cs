using System.Buffers.Binary;

namespace Aurae.Images.Partitioning;

/// <summary>
/// The partition table of a classic master boot record (UEFI 2.x §5.2.1, table "Legacy MBR"): disk signature,
/// four 16-byte partition records and the 0x55 0xAA signature in bytes 440-511 of sector 0.
/// </summary>
public static class MasterBootRecord
{
    /// <summary>Size of sector 0.</summary>
    public const int SectorSize = 512;

    // --- Legacy MBR layout, UEFI 2.x §5.2.1. Bytes 0-439 are BootCode. ---
    private const int UniqueMbrDiskSignatureOffset = 440;
    private const int UnknownOffset = 444;
    private const int PartitionRecordOffset = 446;
    private const int PartitionRecordSize = 16;
    private const int PartitionRecordCount = 4;
    private const int SignatureOffset = 510;

    /// <summary>The boot signature 0x55 0xAA at bytes 510-511 (read little-endian: 0xAA55).</summary>
    public const ushort Signature = 0xAA55;

    // --- Partition record layout, UEFI 2.x §5.2.1 table "Legacy MBR Partition Record". ---
    private const int BootIndicatorOffset = 0;
    private const int StartingChsOffset = 1;
    private const int OsTypeOffset = 4;
    private const int EndingChsOffset = 5;
    private const int StartingLbaOffset = 8;
    private const int SizeInLbaOffset = 12;

    /// <summary>BootIndicator of a bootable ("active") partition; 0 otherwise.</summary>
    public const byte BootIndicatorActive = 0x80;

    /// <summary>OSType of the protective MBR's single partition (UEFI 2.x §5.2.3).</summary>
    public const byte ProtectiveType = 0xEE;

    /// <summary>OSType of an EFI system partition in an MBR.</summary>
    public const byte EfiSystemType = 0xEF;

    /// <summary>The highest cylinder a CHS triple encodes (10 bits).</summary>
    private const int MaxCylinder = 1023;

    private const int MaxHeads = 255;
    private const int MaxSectorsPerTrack = 63;

    /// <summary>
    /// Writes bytes 440-511 of <paramref name="sector0"/> (512 bytes): disk signature, a zero 444-445, the partition
    /// records (unused ones zero; CHS from the LBA with the given geometry, saturating past cylinder 1023) and 55 AA.
    /// Bytes 0-439, the boot code, are left untouched.
    /// </summary>
    public static void WritePartitionTable(Span<byte> sector0, uint diskSignature, IReadOnlyList<MbrPartition> partitions,
        int heads = 255, int sectorsPerTrack = 63)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        if (sector0.Length != SectorSize)
        {
            throw new ArgumentException($"Sector 0 must be {SectorSize} bytes, not {sector0.Length}.", nameof(sector0));
        }

        if (partitions.Count > PartitionRecordCount)
        {
            throw new ArgumentException($"{partitions.Count} partitions given; an MBR holds at most {PartitionRecordCount}.", nameof(partitions));
        }

        if (heads is < 1 or > MaxHeads)
        {
            throw new ArgumentOutOfRangeException(nameof(heads), heads, $"Heads per cylinder must be 1-{MaxHeads}.");
        }

        if (sectorsPerTrack is < 1 or > MaxSectorsPerTrack)
        {
            throw new ArgumentOutOfRangeException(nameof(sectorsPerTrack), sectorsPerTrack, $"Sectors per track must be 1-{MaxSectorsPerTrack}.");
        }

        for (int i = 0; i < partitions.Count; i++)
        {
            if (partitions[i].SectorCount == 0)
            {
                throw new ArgumentException($"MBR partition {i} has no sectors; leave unused records out instead.", nameof(partitions));
            }
        }

        BinaryPrimitives.WriteUInt32LittleEndian(sector0[UniqueMbrDiskSignatureOffset..], diskSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(sector0[UnknownOffset..], 0);
        for (int i = 0; i < PartitionRecordCount; i++)
        {
            Span<byte> record = sector0.Slice(PartitionRecordOffset + (i * PartitionRecordSize), PartitionRecordSize);
            record.Clear();
            if (i < partitions.Count)
            {
                EncodeRecord(partitions[i], record, heads, sectorsPerTrack);
            }
        }

        BinaryPrimitives.WriteUInt16LittleEndian(sector0[SignatureOffset..], Signature);
    }

    /// <summary>
    /// The protective MBR's partition (UEFI 2.x §5.2.3): type 0xEE from LBA 1 over the rest of the disk,
    /// capped at 0xFFFFFFFF sectors.
    /// </summary>
    public static MbrPartition Protective(long diskSectors)
    {
        if (diskSectors < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(diskSectors), diskSectors, "A protective MBR needs a disk of at least 2 sectors.");
        }

        return new MbrPartition(Bootable: false, Type: ProtectiveType, FirstLba: 1, SectorCount: (uint)Math.Min(diskSectors - 1, uint.MaxValue));
    }

    private static void EncodeRecord(MbrPartition partition, Span<byte> record, int heads, int sectorsPerTrack)
    {
        record[BootIndicatorOffset] = partition.Bootable ? BootIndicatorActive : (byte)0;
        EncodeChs(partition.FirstLba, record.Slice(StartingChsOffset, 3), heads, sectorsPerTrack);
        record[OsTypeOffset] = partition.Type;
        EncodeChs((long)partition.FirstLba + partition.SectorCount - 1, record.Slice(EndingChsOffset, 3), heads, sectorsPerTrack);
        BinaryPrimitives.WriteUInt32LittleEndian(record[StartingLbaOffset..], partition.FirstLba);
        BinaryPrimitives.WriteUInt32LittleEndian(record[SizeInLbaOffset..], partition.SectorCount);
    }

    /// <summary>
    /// CHS triple: head; sector (bits 0-5) with cylinder bits 8-9 (bits 6-7); cylinder bits 0-7. Addresses past
    /// cylinder 1023 saturate to the last head, sector and cylinder (FE FF FF for 255/63), as fdisk does.
    /// </summary>
    private static void EncodeChs(long lba, Span<byte> chs, int heads, int sectorsPerTrack)
    {
        long cylinder = lba / (heads * sectorsPerTrack);
        long head = lba / sectorsPerTrack % heads;
        long sector = (lba % sectorsPerTrack) + 1;
        if (cylinder > MaxCylinder)
        {
            cylinder = MaxCylinder;
            head = heads - 1;
            sector = sectorsPerTrack;
        }

        chs[0] = (byte)head;
        chs[1] = (byte)(sector | ((cylinder >> 2) & 0xC0));
        chs[2] = (byte)(cylinder & 0xFF);
    }
}
