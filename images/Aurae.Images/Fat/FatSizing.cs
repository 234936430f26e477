namespace Aurae.Images.Fat;

/// <summary>Chooses a <see cref="FatGeometry"/> for some content: the smallest FAT12/16 volume, or a FAT32 volume of a given size.</summary>
internal static class FatSizing
{
    /// <summary>fatgen103: FAT12/16 volumes have 1 reserved sector (the boot sector).</summary>
    public const int Fat16ReservedSectors = 1;

    /// <summary>fatgen103: FAT32 volumes have 32 (boot sector, FSInfo, backup boot sector at 6, ...).</summary>
    public const int Fat32ReservedSectors = 32;

    /// <summary>Cluster sizes tried: 512 bytes to 32 KiB (larger clusters are not portable, fatgen103).</summary>
    private static readonly int[] SectorsPerClusterChoices = [1, 2, 4, 8, 16, 32, 64];

    /// <summary>Root entries come in whole sectors: 512 / 32 = 16 per sector.</summary>
    private const int RootEntriesPerSector = FatGeometry.BytesPerSector / FatDirectoryEntry.Size;

    /// <summary>BPB_RootEntCnt is 16 bits; whole sectors of it top out here.</summary>
    private const int MaxRootEntryCount = ushort.MaxValue / RootEntriesPerSector * RootEntriesPerSector;

    /// <summary>BPB_TotSec32 is 32 bits.</summary>
    private const long MaxTotalSectors = uint.MaxValue;

    /// <summary>
    /// The smallest FAT12 or FAT16 volume holding <paramref name="content"/>, over all cluster sizes: the data
    /// region is exactly the clusters needed (no free space), the root directory exactly the sectors its entries need.
    /// </summary>
    public static FatGeometry Smallest(FatContent content)
    {
        int rootEntries = RoundUp(Math.Max(content.RootListing.EntryCount, 1), RootEntriesPerSector);
        if (rootEntries > MaxRootEntryCount)
        {
            throw new InvalidOperationException(
                $"The root directory needs {content.RootListing.EntryCount} entries; FAT12/16 holds at most {MaxRootEntryCount}. Use subdirectories.");
        }

        FatGeometry? best = null;
        foreach (int sectorsPerCluster in SectorsPerClusterChoices)
        {
            long clusters = Math.Max(1, content.ClustersNeeded(sectorsPerCluster * FatGeometry.BytesPerSector, rootInClusters: false));
            if (clusters > FatGeometry.MaxFat12Clusters && clusters < FatGeometry.MinFat16Clusters)
            {
                clusters = FatGeometry.MinFat16Clusters;
            }

            if (clusters > FatGeometry.MaxFat16Clusters)
            {
                continue;
            }

            FatType type = clusters <= FatGeometry.MaxFat12Clusters ? FatType.Fat12 : FatType.Fat16;
            long fatSectors = DivideRoundingUp(FatGeometry.FatEntryBytes(type, clusters + 2), FatGeometry.BytesPerSector);
            long rootSectors = rootEntries / RootEntriesPerSector;
            long total = Fat16ReservedSectors + (FatGeometry.FatCount * fatSectors) + rootSectors + (clusters * sectorsPerCluster);
            if (best is null || total < best.TotalSectors)
            {
                best = new FatGeometry(type, sectorsPerCluster, Fat16ReservedSectors, rootEntries, fatSectors, total, hiddenSectors: 0);
            }
        }

        return best ?? throw new InvalidOperationException(
            $"The content needs more than {FatGeometry.MaxFat16Clusters} clusters of 32 KiB, too much for FAT16; use a FAT32 volume.");
    }

    /// <summary>
    /// A FAT32 volume of exactly <paramref name="totalSectors"/> sectors holding <paramref name="content"/>. The
    /// cluster size is Microsoft's default for the size when that works, else the nearest one that keeps at least
    /// 65 525 clusters and fits the content.
    /// </summary>
    public static FatGeometry Fat32(FatContent content, long totalSectors, uint hiddenSectors)
    {
        if (totalSectors is <= 0 or > MaxTotalSectors)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSectors), totalSectors,
                $"A FAT32 volume has 1 to {MaxTotalSectors} sectors.");
        }

        bool anyFat32 = false;
        foreach (int sectorsPerCluster in Fat32Candidates(totalSectors))
        {
            long fatSectors = Fat32FatSectors(totalSectors, sectorsPerCluster);
            long clusters = (totalSectors - Fat32ReservedSectors - (FatGeometry.FatCount * fatSectors)) / sectorsPerCluster;
            if (clusters is < FatGeometry.MinFat32Clusters or > FatGeometry.MaxFat32Clusters)
            {
                continue;
            }

            anyFat32 = true;
            if (content.ClustersNeeded(sectorsPerCluster * FatGeometry.BytesPerSector, rootInClusters: true) <= clusters)
            {
                return new FatGeometry(FatType.Fat32, sectorsPerCluster, Fat32ReservedSectors, 0, fatSectors, totalSectors, hiddenSectors);
            }
        }

        long minimum = MinimumFat32Sectors(content);
        throw new ArgumentOutOfRangeException(nameof(totalSectors), totalSectors, anyFat32
            ? $"The content does not fit a FAT32 volume of {totalSectors} sectors; it needs at least {minimum}."
            : $"{totalSectors} sectors cannot hold a FAT32 file system (it needs at least {FatGeometry.MinFat32Clusters} clusters); " +
              $"this content needs at least {minimum} sectors.");
    }

    /// <summary>The fewest sectors a FAT32 volume holding <paramref name="content"/> can have, over all cluster sizes.</summary>
    public static long MinimumFat32Sectors(FatContent content)
    {
        long best = long.MaxValue;
        foreach (int sectorsPerCluster in SectorsPerClusterChoices)
        {
            long clusters = Math.Max(FatGeometry.MinFat32Clusters,
                content.ClustersNeeded(sectorsPerCluster * FatGeometry.BytesPerSector, rootInClusters: true));
            if (clusters > FatGeometry.MaxFat32Clusters)
            {
                continue;
            }

            long fatSectors = DivideRoundingUp(FatGeometry.FatEntryBytes(FatType.Fat32, clusters + 2), FatGeometry.BytesPerSector);
            long total = Fat32ReservedSectors + (FatGeometry.FatCount * fatSectors) + (clusters * sectorsPerCluster);
            best = Math.Min(best, total);
        }

        return best <= MaxTotalSectors
            ? best
            : throw new InvalidOperationException("The content is too large for a FAT32 volume of 512-byte sectors.");
    }

    /// <summary>
    /// Sectors per cluster to try for a FAT32 volume, best first: Microsoft's default for the size (fatgen103
    /// DskTableFAT32), then smaller, then larger.
    /// </summary>
    private static IEnumerable<int> Fat32Candidates(long totalSectors)
    {
        int preferred = totalSectors switch
        {
            <= 532_480 => 1,        // up to 260 MB: 512-byte clusters
            <= 16_777_216 => 8,     // up to 8 GB: 4 KiB
            <= 33_554_432 => 16,    // up to 16 GB: 8 KiB
            <= 67_108_864 => 32,    // up to 32 GB: 16 KiB
            _ => 64,                // 32 KiB
        };
        return SectorsPerClusterChoices.Where(c => c <= preferred).Reverse()
            .Concat(SectorsPerClusterChoices.Where(c => c > preferred));
    }

    /// <summary>
    /// The smallest FAT size whose entries cover every cluster left after the FATs take their share: the cluster
    /// count falls as the FAT grows, so the condition is monotone and a binary search finds the least size.
    /// </summary>
    private static long Fat32FatSectors(long totalSectors, int sectorsPerCluster)
    {
        long low = 1;
        long high = DivideRoundingUp(FatGeometry.FatEntryBytes(FatType.Fat32, (totalSectors / sectorsPerCluster) + 2), FatGeometry.BytesPerSector);
        while (low < high)
        {
            long middle = low + ((high - low) / 2);
            long clusters = Math.Max(0, (totalSectors - Fat32ReservedSectors - (FatGeometry.FatCount * middle)) / sectorsPerCluster);
            if (FatGeometry.FatEntryBytes(FatType.Fat32, clusters + 2) <= middle * FatGeometry.BytesPerSector)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static long DivideRoundingUp(long value, long divisor) => (value + divisor - 1) / divisor;
}
