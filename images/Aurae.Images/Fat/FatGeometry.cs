namespace Aurae.Images.Fat;

/// <summary>
/// The size parameters of a FAT volume and the regions they imply (fatgen103 "FAT Data Structure"):
/// reserved sectors, two FATs, the fixed root directory (FAT12/16 only), then the data clusters.
/// </summary>
internal sealed record FatGeometry
{
    public const int BytesPerSector = 512;
    public const int FatCount = 2;

    /// <summary>Cluster-count limits of each type (fatgen103 "FAT Type Determination").</summary>
    public const long MaxFat12Clusters = 4084;
    public const long MaxFat16Clusters = 65524;
    public const long MinFat32Clusters = 65525;

    /// <summary>
    /// Windows' fastfat takes fewer than 4087 clusters for FAT12 while the specification and Linux say 4085:
    /// FAT16 volumes stay clear of 4085 and 4086 (as dosfstools' mkfs.fat does).
    /// </summary>
    public const long MinFat16Clusters = 4087;

    /// <summary>Cluster numbers end at 0x0FFFFFF6 (0x0FFFFFF7 marks a bad cluster); numbering starts at 2.</summary>
    public const long MaxFat32Clusters = 0x0FFFFFF5;

    public FatGeometry(FatType type, int sectorsPerCluster, int reservedSectors, int rootEntryCount, long fatSectors, long totalSectors, uint hiddenSectors)
    {
        Type = type;
        SectorsPerCluster = sectorsPerCluster;
        ReservedSectors = reservedSectors;
        RootEntryCount = rootEntryCount;
        FatSectors = fatSectors;
        TotalSectors = totalSectors;
        HiddenSectors = hiddenSectors;

        // Internal consistency: a mistake in the sizing code must never produce a volume readers mistype.
        FatType decided = ClusterCount <= MaxFat12Clusters ? FatType.Fat12 : ClusterCount <= MaxFat16Clusters ? FatType.Fat16 : FatType.Fat32;
        if (decided != type || ClusterCount < 1 || FatEntryBytes(type, ClusterCount + 2) > fatSectors * BytesPerSector)
        {
            throw new InvalidOperationException(
                $"Inconsistent FAT geometry: {type} with {ClusterCount} clusters, {fatSectors} sectors per FAT, {totalSectors} sectors.");
        }
    }

    public FatType Type { get; }

    public int SectorsPerCluster { get; }

    public int ReservedSectors { get; }

    /// <summary>BPB_RootEntCnt: entries of the fixed root directory; 0 on FAT32.</summary>
    public int RootEntryCount { get; }

    /// <summary>Sectors of one FAT.</summary>
    public long FatSectors { get; }

    public long TotalSectors { get; }

    public uint HiddenSectors { get; }

    public int ClusterBytes => SectorsPerCluster * BytesPerSector;

    public long RootDirectorySectors => ((long)RootEntryCount * FatDirectoryEntry.Size + BytesPerSector - 1) / BytesPerSector;

    public long FirstDataSector => ReservedSectors + (FatCount * FatSectors) + RootDirectorySectors;

    /// <summary>CountofClusters: whole clusters in the data region; a partial cluster at the end is unused.</summary>
    public long ClusterCount => (TotalSectors - FirstDataSector) / SectorsPerCluster;

    /// <summary>Bytes of FAT needed for <paramref name="entries"/> entries of the type's width.</summary>
    public static long FatEntryBytes(FatType type, long entries) => type switch
    {
        FatType.Fat12 => (entries * 3 + 1) / 2,
        FatType.Fat16 => entries * 2,
        _ => entries * 4,
    };
}
