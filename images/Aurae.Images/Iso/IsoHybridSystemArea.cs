using System.Buffers.Binary;
using Aurae.Images.Partitioning;

namespace Aurae.Images.Iso;

/// <summary>
/// The isohybrid disk structures: the MBR in sector 0 (isohdpfx.bin's code, the boot file's 512-byte LBA at
/// 432, partition 1 bootable type 0x00 over the whole image, partition 2 type 0xEF over the EFI image; CHS with 64
/// heads and 32 sectors as isohybrid uses), the primary GPT in the rest of the system area, and the backup GPT at
/// the end of the image, which is padded to a whole number of 1 MiB cylinders.
/// </summary>
/// <remarks>
/// Unlike xorriso's -isohybrid-gpt-basdat, whose GPT entry for the ISO starts at sector 0 and contains the EFI
/// entry, the GPT here keeps to its usable range with disjoint entries (UEFI 2.x §5.3.2, and what
/// <see cref="GuidPartitionTable"/> accepts): a basic-data entry from the first usable sector up to the EFI image
/// (laid out last) and an EFI system partition entry over the image. Mounting the ISO from the disk uses MBR
/// partition 1 or the whole disk, as with xorriso's layout.
/// </remarks>
internal sealed class IsoHybridSystemArea
{
    /// <summary>Disk sectors are 512 bytes; four make one ISO 9660 sector.</summary>
    public const int DiskSectorSize = 512;

    private const int DiskSectorsPerIsoSector = IsoBinary.SectorSize / DiskSectorSize;

    /// <summary>isohybrid: bytes 432-439 hold the boot file's LBA in 512-byte sectors, little-endian 64-bit.</summary>
    private const int BootFileLbaOffset = IsoHybridOptions.MbrBootCodeLength;

    /// <summary>isohybrid's CHS geometry: 64 heads, 32 sectors per track, so a cylinder is 1 MiB.</summary>
    private const int Heads = 64;

    private const int SectorsPerTrack = 32;

    /// <summary>The image is padded to whole cylinders.</summary>
    public const long Alignment = (long)Heads * SectorsPerTrack * DiskSectorSize;

    /// <summary>
    /// MBR type of the whole-image partition 1: 0x00, which firmware (edk2's MBR driver) skips, so its overlap
    /// with partition 2 does not make the table invalid.
    /// </summary>
    private const byte WholeImagePartitionType = 0x00;

    /// <summary>
    /// isohdpfx.bin jumps into the boot file only if the 32-bit little-endian magic 0x7078C0FB is at offset 0x40
    /// (isolinux.bin built for isohybrid carries it).
    /// </summary>
    public const uint IsohybridMagic = 0x7078C0FB;

    public const int IsohybridMagicOffset = 0x40;

    /// <summary>GPT attributes of the ISO 9660 entry, as xorriso sets them: bit 0 (platform required) and bit 60 (read-only).</summary>
    private const ulong IsoPartitionAttributes = 0x1000_0000_0000_0001;

    private const string IsoPartitionName = "ISO9660";
    private const string EspPartitionName = "EFI System Partition";

    private readonly byte[] _mbr = new byte[DiskSectorSize];
    private readonly GuidPartitionTable _gpt;

    /// <summary>Pads <paramref name="layout"/>'s volume to the disk size and lays out both tables.</summary>
    public IsoHybridSystemArea(IsoHybridOptions options, IsoLayout layout)
    {
        IsoLayoutFile bootFile = layout.BiosBootFile
            ?? throw new InvalidOperationException("A hybrid image needs a BIOS boot entry: the isohybrid MBR code loads the El Torito BIOS boot file.");
        long dataBytes = (long)layout.DataEndLba * IsoBinary.SectorSize;
        long backupSectors = GuidPartitionTable.EntryArraySectors + 1;
        long diskBytes = RoundUp(dataBytes + (backupSectors * DiskSectorSize), Alignment);
        DiskSectors = diskBytes / DiskSectorSize;
        if (DiskSectors > uint.MaxValue)
        {
            throw new InvalidOperationException($"A hybrid image of {diskBytes} bytes is too large for MBR partition 1 (at most 2 TiB).");
        }

        layout.ExtendVolume(diskBytes / IsoBinary.SectorSize);

        // The ISO 9660 data runs up to the EFI image, which the layout puts after every other file.
        long isoDataEnd = (long)(layout.EfiImage?.Lba ?? layout.DataEndLba) * DiskSectorsPerIsoSector;
        long firstUsable = new GuidPartitionTable(options.GptDiskId, DiskSectors, []).FirstUsableLba;
        var gptPartitions = new List<GptPartition>
        {
            new(GptPartitionTypes.BasicData, options.IsoPartitionId, firstUsable, isoDataEnd - 1, IsoPartitionName, IsoPartitionAttributes),
        };
        var mbrPartitions = new List<MbrPartition>
        {
            new(Bootable: true, WholeImagePartitionType, FirstLba: 0, SectorCount: (uint)DiskSectors),
        };
        if (layout.EfiImage is { } efi)
        {
            long espFirst = (long)efi.Lba * DiskSectorsPerIsoSector;
            long espSectors = (efi.DataLength + DiskSectorSize - 1) / DiskSectorSize;
            gptPartitions.Add(new GptPartition(GptPartitionTypes.EfiSystem, options.EspPartitionId, espFirst, espFirst + espSectors - 1, EspPartitionName));
            mbrPartitions.Add(new MbrPartition(Bootable: false, MasterBootRecord.EfiSystemType, (uint)espFirst, (uint)espSectors));
        }

        _gpt = new GuidPartitionTable(options.GptDiskId, DiskSectors, gptPartitions);

        options.MbrBootCode.Span[..IsoHybridOptions.MbrBootCodeLength].CopyTo(_mbr);
        BinaryPrimitives.WriteUInt64LittleEndian(_mbr.AsSpan(BootFileLbaOffset), (ulong)bootFile.Lba * DiskSectorsPerIsoSector);
        MasterBootRecord.WritePartitionTable(_mbr, options.DiskSignature, mbrPartitions, Heads, SectorsPerTrack);
    }

    /// <summary>Size of the padded image in 512-byte sectors.</summary>
    public long DiskSectors { get; }

    /// <summary>Byte offset of the backup GPT (entries, then header), which ends the image.</summary>
    public long BackupOffset => _gpt.BackupEntriesLba * DiskSectorSize;

    /// <summary>Refuses a boot file the isohybrid MBR code would not start.</summary>
    public static void CheckBootFile(IsoLayoutFile bootFile, string path)
    {
        byte[] prefix = bootFile.Content!.ReadPrefix(path, IsohybridMagicOffset + sizeof(uint));
        if (prefix.Length < IsohybridMagicOffset + sizeof(uint)
            || BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(IsohybridMagicOffset)) != IsohybridMagic)
        {
            throw new InvalidOperationException(
                $"The BIOS boot file '{path}' lacks the isohybrid magic 0x{IsohybridMagic:X8} at offset 0x{IsohybridMagicOffset:X2}: " +
                "the isohybrid MBR code would refuse to start it from a disk. Use an isolinux.bin built for isohybrid " +
                "(ISOLINUX 3.72 or later) or leave Hybrid unset.");
        }
    }

    /// <summary>Writes the MBR and the primary GPT into the 32 KiB system area (sectors 0-15).</summary>
    public void WriteSystemArea(Span<byte> systemArea)
    {
        systemArea.Clear();
        _mbr.CopyTo(systemArea);
        _gpt.PrimaryHeader().CopyTo(systemArea[(int)(GuidPartitionTable.PrimaryHeaderLba * DiskSectorSize)..]);
        _gpt.EntryArray().CopyTo(systemArea[(int)(_gpt.PrimaryEntriesLba * DiskSectorSize)..]);
    }

    /// <summary>The backup entry array and header, written at <see cref="BackupOffset"/> to end the image.</summary>
    public byte[] BackupTail()
    {
        if (_gpt.BackupHeaderLba != _gpt.BackupEntriesLba + GuidPartitionTable.EntryArraySectors || _gpt.BackupHeaderLba != DiskSectors - 1)
        {
            throw new InvalidOperationException("The backup GPT entries must directly precede the backup header in the last sector.");
        }

        return [.. _gpt.EntryArray(), .. _gpt.BackupHeader()];
    }

    private static long RoundUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;
}
