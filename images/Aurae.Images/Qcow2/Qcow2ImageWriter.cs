using System.Buffers.Binary;
using Aurae.Images.VirtualDisks;

namespace Aurae.Images.Qcow2;

/// <summary>
/// Converts a raw disk image into a qcow2 version 3 image (QEMU docs/interop/qcow2.txt) with 64 KiB
/// clusters, leaving all-zero clusters unallocated. The output is written front to back and need not be seekable.
/// </summary>
public static class Qcow2ImageWriter
{
    /// <summary>
    /// Bit 63 of L1 and L2 entries, "COPIED": set exactly when the referenced cluster's refcount is 1, which
    /// holds for every cluster here (qcow2.txt, "Cluster mapping").
    /// </summary>
    private const ulong CopiedFlag = 1UL << 63;

    /// <summary>
    /// Writes <paramref name="rawDisk"/> (seekable; its Length, a positive multiple of 512, is the virtual size)
    /// to <paramref name="output"/> as qcow2. The disk is read twice: once to find the zero clusters, once to copy the rest.
    /// </summary>
    public static void Write(Stream rawDisk, Stream output)
    {
        RawDiskReader disk = RawDiskReader.Open(rawDisk);
        RawDiskReader.RequireWritable(output);

        Qcow2Layout layout = Qcow2Layout.Plan(disk.Length, disk.FindNonZeroChunks(Qcow2Layout.ClusterSize));
        byte[] cluster = new byte[Qcow2Layout.ClusterSize];
        long written = 0;

        void WriteCluster()
        {
            output.Write(cluster);
            written += cluster.Length;
        }

        // Header cluster.
        Array.Clear(cluster);
        layout.CreateHeader().WriteTo(cluster);
        WriteCluster();

        // Refcount table: the offsets of the refcount blocks, which follow it.
        for (long tableCluster = 0; tableCluster < layout.RefcountTableClusters; tableCluster++)
        {
            Array.Clear(cluster);
            long firstBlock = tableCluster * Qcow2Layout.EntriesPerTableCluster;
            for (long block = firstBlock; block < Math.Min(layout.RefcountBlocks, firstBlock + Qcow2Layout.EntriesPerTableCluster); block++)
            {
                ulong blockOffset = (ulong)((layout.FirstRefcountBlockCluster + block) * Qcow2Layout.ClusterSize);
                BinaryPrimitives.WriteUInt64BigEndian(cluster.AsSpan((int)(block - firstBlock) * Qcow2Layout.TableEntrySize), blockOffset);
            }

            WriteCluster();
        }

        // Refcount blocks: refcount 1 for each of the file's clusters, metadata included, 0 past the end.
        for (long block = 0; block < layout.RefcountBlocks; block++)
        {
            Array.Clear(cluster);
            long firstCluster = block * Qcow2Layout.RefcountsPerBlock;
            long usedInBlock = Math.Clamp(layout.TotalClusters - firstCluster, 0, Qcow2Layout.RefcountsPerBlock);
            for (int entry = 0; entry < usedInBlock; entry++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(cluster.AsSpan(entry * Qcow2Layout.RefcountSize), 1);
            }

            WriteCluster();
        }

        // L1 table: an entry for each L2 table, in guest order; 0 (unallocated) where the range is all zeros.
        long nextL2Cluster = layout.FirstL2TableCluster;
        for (long l1Cluster = 0; l1Cluster < layout.L1Clusters; l1Cluster++)
        {
            Array.Clear(cluster);
            int firstIndex = (int)(l1Cluster * Qcow2Layout.EntriesPerTableCluster);
            for (int index = firstIndex; index < Math.Min(layout.L1Size, firstIndex + Qcow2Layout.EntriesPerTableCluster); index++)
            {
                if (layout.HasL2Table[index])
                {
                    ulong entry = (ulong)(nextL2Cluster++ * Qcow2Layout.ClusterSize) | CopiedFlag;
                    BinaryPrimitives.WriteUInt64BigEndian(cluster.AsSpan((index - firstIndex) * Qcow2Layout.TableEntrySize), entry);
                }
            }

            WriteCluster();
        }

        // L2 tables: host offsets of the data clusters, which follow in guest order.
        long nextDataCluster = layout.FirstDataCluster;
        for (int l1Index = 0; l1Index < layout.L1Size; l1Index++)
        {
            if (!layout.HasL2Table[l1Index])
            {
                continue;
            }

            Array.Clear(cluster);
            int firstGuestCluster = l1Index * Qcow2Layout.L2Entries;
            int endGuestCluster = Math.Min(layout.NonZeroClusters.Length, firstGuestCluster + Qcow2Layout.L2Entries);
            for (int guestCluster = firstGuestCluster; guestCluster < endGuestCluster; guestCluster++)
            {
                if (layout.NonZeroClusters[guestCluster])
                {
                    ulong entry = (ulong)(nextDataCluster++ * Qcow2Layout.ClusterSize) | CopiedFlag;
                    BinaryPrimitives.WriteUInt64BigEndian(cluster.AsSpan((guestCluster - firstGuestCluster) * Qcow2Layout.TableEntrySize), entry);
                }
            }

            WriteCluster();
        }

        // Data clusters; a partial last cluster is padded with zeros.
        for (int guestCluster = 0; guestCluster < layout.NonZeroClusters.Length; guestCluster++)
        {
            if (layout.NonZeroClusters[guestCluster])
            {
                disk.ReadChunk(guestCluster, cluster);
                WriteCluster();
            }
        }

        if (written != layout.TotalClusters * Qcow2Layout.ClusterSize)
        {
            throw new InvalidOperationException(
                $"qcow2 layout error: wrote {written} bytes but planned {layout.TotalClusters} clusters.");
        }
    }
}
