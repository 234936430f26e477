using Aurae.Images.Fat;
using Aurae.Images.IO;
using Aurae.Images.Partitioning;

namespace Aurae.Composer.Outputs;

/// <summary>
/// The raw disk every disk format is made from: a protective MBR, a GPT and one EFI system
/// partition (FAT32) holding the UKI at the removable-media path \EFI\BOOT\BOOTX64.EFI, which
/// firmware boots without any boot entry. The partition starts at 1 MiB and the disk ends with
/// 1 MiB for the backup GPT, so every size is a whole number of MiB (Azure requires it).
/// </summary>
public sealed class EfiSystemDisk
{
    public const int SectorSize = GuidPartitionTable.SectorSize;
    public const string BootProgramPath = "EFI/BOOT/BOOTX64.EFI";
    private const long MiBSectors = (1 << 20) / SectorSize;
    private const long PartitionStartLba = MiBSectors;
    private const string VolumeLabel = "AURAE-ESP";

    private readonly FatFileSystemBuilder _fileSystem;
    private readonly string _seed;

    /// <param name="uki">The boot program.</param>
    /// <param name="seed">What the disk's GUIDs and volume id derive from: the same seed, the same bytes.</param>
    /// <param name="timestamp">The files' times.</param>
    public EfiSystemDisk(ReadOnlyMemory<byte> uki, string seed, DateTimeOffset timestamp)
    {
        _seed = seed;
        _fileSystem = new FatFileSystemBuilder(VolumeLabel, Images.Reproducibility.SeededGuid.CreateUInt32($"{seed}/esp/volume-id"), timestamp);
        _fileSystem.AddFile(BootProgramPath, uki);
        var partitionSectors = RoundUp(_fileSystem.MinimumFat32Sectors(), MiBSectors);
        MinimumSizeBytes = (PartitionStartLba + partitionSectors + MiBSectors) * SectorSize;
    }

    /// <summary>The smallest disk that holds the content: the size used when node.yaml sets none.</summary>
    public long MinimumSizeBytes { get; }

    /// <summary>Writes a disk of <paramref name="sizeBytes"/> (a whole number of MiB, at least <see cref="MinimumSizeBytes"/>) to <paramref name="path"/>.</summary>
    public void WriteTo(string path, long sizeBytes)
    {
        if (sizeBytes % (MiBSectors * SectorSize) != 0)
            throw new ArgumentException($"a disk of {sizeBytes} bytes is not a whole number of MiB", nameof(sizeBytes));
        if (sizeBytes < MinimumSizeBytes)
            throw new ArgumentException($"a disk of {sizeBytes} bytes cannot hold the EFI system partition: it needs at least {MinimumSizeBytes} bytes", nameof(sizeBytes));

        var diskSectors = sizeBytes / SectorSize;
        var partitionEnd = diskSectors - MiBSectors - 1;
        var table = new GuidPartitionTable(Images.Reproducibility.SeededGuid.Create($"{_seed}/disk"), diskSectors,
            [new GptPartition(GptPartitionTypes.EfiSystem, Images.Reproducibility.SeededGuid.Create($"{_seed}/esp"),
                PartitionStartLba, partitionEnd, "EFI System Partition")]);

        using var disk = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        disk.SetLength(sizeBytes);
        var mbr = new byte[SectorSize];
        MasterBootRecord.WritePartitionTable(mbr, 0, [MasterBootRecord.Protective(diskSectors)]);
        disk.Write(mbr);
        table.WriteTo(disk);
        disk.Position = PartitionStartLba * SectorSize;
        // The partition is mostly free clusters: leave them as holes of the sparse file rather than write zeros.
        using var partition = new SparseWriteStream(disk, leaveOpen: true);
        _fileSystem.BuildFat32(partitionEnd - PartitionStartLba + 1, (uint)PartitionStartLba).WriteTo(partition);
    }

    private static long RoundUp(long value, long multiple) => (value + multiple - 1) / multiple * multiple;
}
