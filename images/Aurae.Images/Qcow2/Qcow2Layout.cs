using System.Collections;

namespace Aurae.Images.Qcow2;

/// <summary>
/// Where every cluster of a qcow2 image goes, planned before anything is written so the image can be
/// streamed front to back: header, refcount table, refcount blocks, L1 table, L2 tables, data clusters.
/// Only non-zero guest clusters get a data cluster and only L1 entries covering one get an L2 table;
/// every other cluster reads as zeros because the image has no backing file (qcow2.txt, "Cluster mapping").
/// </summary>
internal sealed class Qcow2Layout
{
    /// <summary>Bytes per cluster.</summary>
    public const int ClusterSize = 1 << Qcow2Header.ClusterBits;

    /// <summary>L1, L2 and refcount table entries are 64-bit (qcow2.txt, "Cluster mapping", "Host cluster management").</summary>
    public const int TableEntrySize = sizeof(ulong);

    /// <summary>64-bit entries in one cluster of a table (L1 table, L2 table, refcount table).</summary>
    public const int EntriesPerTableCluster = ClusterSize / TableEntrySize;

    /// <summary>Entries in one L2 table, which fills one cluster.</summary>
    public const int L2Entries = EntriesPerTableCluster;

    /// <summary>Bytes per refcount: refcount_bits = 1 &lt;&lt; refcount_order = 16.</summary>
    public const int RefcountSize = (1 << Qcow2Header.RefcountOrder) / 8;

    /// <summary>Refcounts in one refcount block, which fills one cluster.</summary>
    public const int RefcountsPerBlock = ClusterSize / RefcountSize;

    /// <summary>Cluster index of the refcount table: right after the header cluster.</summary>
    public const long RefcountTableCluster = 1;

    private Qcow2Layout(long virtualSize, BitArray nonZeroClusters)
    {
        VirtualSize = virtualSize;
        NonZeroClusters = nonZeroClusters;
        L1Size = (int)CeilingDivide(nonZeroClusters.Length, L2Entries);
        L1Clusters = CeilingDivide((long)L1Size * TableEntrySize, ClusterSize);

        HasL2Table = new BitArray(L1Size);
        for (int cluster = 0; cluster < nonZeroClusters.Length; cluster++)
        {
            if (nonZeroClusters[cluster])
            {
                DataClusters++;
                HasL2Table[cluster / L2Entries] = true;
            }
        }

        for (int l1Index = 0; l1Index < L1Size; l1Index++)
        {
            L2Tables += HasL2Table[l1Index] ? 1 : 0;
        }

        // The refcount blocks must count themselves and the refcount table, whose size depends on their
        // number: grow both until they cover every cluster of the file.
        long refcountBlocks = 1;
        long refcountTableClusters = 1;
        while (true)
        {
            long total = 1 + refcountTableClusters + refcountBlocks + L1Clusters + L2Tables + DataClusters;
            long neededBlocks = CeilingDivide(total, RefcountsPerBlock);
            long neededTableClusters = CeilingDivide(neededBlocks * TableEntrySize, ClusterSize);
            if (neededBlocks <= refcountBlocks && neededTableClusters <= refcountTableClusters)
            {
                TotalClusters = total;
                break;
            }

            refcountBlocks = Math.Max(refcountBlocks, neededBlocks);
            refcountTableClusters = Math.Max(refcountTableClusters, neededTableClusters);
        }

        RefcountBlocks = refcountBlocks;
        RefcountTableClusters = refcountTableClusters;
    }

    /// <summary>Guest disk size in bytes.</summary>
    public long VirtualSize { get; }

    /// <summary>One bit per guest cluster: set when it holds data and so gets a host data cluster.</summary>
    public BitArray NonZeroClusters { get; }

    /// <summary>Entries in the L1 table: one per <see cref="L2Entries"/> guest clusters.</summary>
    public int L1Size { get; }

    /// <summary>One bit per L1 entry: set when its range holds a non-zero cluster and so needs an L2 table.</summary>
    public BitArray HasL2Table { get; }

    /// <summary>Clusters holding the L1 table.</summary>
    public long L1Clusters { get; }

    /// <summary>Number of L2 tables written.</summary>
    public long L2Tables { get; }

    /// <summary>Number of data clusters written.</summary>
    public long DataClusters { get; }

    /// <summary>Clusters holding the refcount table.</summary>
    public long RefcountTableClusters { get; }

    /// <summary>Number of refcount blocks.</summary>
    public long RefcountBlocks { get; }

    /// <summary>Clusters in the whole image file; every one of them has refcount 1.</summary>
    public long TotalClusters { get; }

    /// <summary>Cluster index of the first refcount block.</summary>
    public long FirstRefcountBlockCluster => RefcountTableCluster + RefcountTableClusters;

    /// <summary>Cluster index of the L1 table.</summary>
    public long L1TableCluster => FirstRefcountBlockCluster + RefcountBlocks;

    /// <summary>Cluster index of the first L2 table.</summary>
    public long FirstL2TableCluster => L1TableCluster + L1Clusters;

    /// <summary>Cluster index of the first data cluster.</summary>
    public long FirstDataCluster => FirstL2TableCluster + L2Tables;

    /// <summary>Plans the image for a disk of <paramref name="virtualSize"/> bytes with the given non-zero clusters.</summary>
    public static Qcow2Layout Plan(long virtualSize, BitArray nonZeroClusters) => new(virtualSize, nonZeroClusters);

    /// <summary>The header pointing at this layout's tables.</summary>
    public Qcow2Header CreateHeader() => new(
        Size: (ulong)VirtualSize,
        L1Size: (uint)L1Size,
        L1TableOffset: (ulong)(L1TableCluster * ClusterSize),
        RefcountTableOffset: (ulong)(RefcountTableCluster * ClusterSize),
        RefcountTableClusters: (uint)RefcountTableClusters);

    private static long CeilingDivide(long value, long divisor) => (value + divisor - 1) / divisor;
}
