using System.Buffers.Binary;
using System.Text.Json;
using Aurae.Images.Qcow2;
using Aurae.Images.Tests.TestSupport;
using static Aurae.Images.Tests.TestSupport.VirtualDiskSamples;

namespace Aurae.Images.Tests.Qcow2;

/// <summary>qcow2 output validated by qemu-img (check, info, compare) and by an independent reading of the header.</summary>
public sealed class Qcow2ImageWriterTests
{
    private const int ClusterSize = 65536;

    // Metadata clusters for a disk of at most 512 MiB: header, refcount table, one refcount block, L1 table, one L2 table.
    private const int SmallDiskMetadataClusters = 5;

    private static void Write(string raw, string output) => Convert(raw, output, Qcow2ImageWriter.Write);

    [Fact]
    public void SparseDisk_PassesQemuImgCheck_ReadsBackIdentical_AndStoresOnlyNonZeroClusters()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        string image = temp.Combine("disk.qcow2");

        Write(raw, image);

        JsonElement check = QemuImgCheck("qcow2", image);
        int nonZeroClusters = NonZeroChunks(raw, ClusterSize).Count;
        Assert.Equal(nonZeroClusters, check.GetProperty("allocated-clusters").GetInt32());
        Assert.Equal(0, check.GetProperty("check-errors").GetInt32());
        Assert.Equal(SparseSize / ClusterSize, check.GetProperty("total-clusters").GetInt64());
        Assert.Equal((SmallDiskMetadataClusters + nonZeroClusters) * (long)ClusterSize, new FileInfo(image).Length);
        Assert.Equal(new FileInfo(image).Length, check.GetProperty("image-end-offset").GetInt64());

        JsonElement info = QemuImgInfo(image);
        Assert.Equal("qcow2", info.GetProperty("format").GetString());
        Assert.Equal(SparseSize, info.GetProperty("virtual-size").GetInt64());
        Assert.Equal(ClusterSize, info.GetProperty("cluster-size").GetInt32());
        JsonElement specific = info.GetProperty("format-specific").GetProperty("data");
        Assert.Equal("1.1", specific.GetProperty("compat").GetString()); // qcow2 version 3
        Assert.Equal(16, specific.GetProperty("refcount-bits").GetInt32());

        QemuImgCompareIdentical(raw, "qcow2", image);
    }

    [Fact]
    public void DenseDiskWithPartialLastCluster_PassesQemuImgCheck_AndReadsBackIdentical()
    {
        using var temp = new TempDirectory();
        long size = (3 * MiB) + 1536;
        string raw = CreateDense(temp.Path, size);
        string image = temp.Combine("disk.qcow2");

        Write(raw, image);

        JsonElement check = QemuImgCheck("qcow2", image);
        Assert.Equal(49, check.GetProperty("allocated-clusters").GetInt32()); // 48 whole clusters + the partial one
        Assert.Equal(size, QemuImgInfo(image).GetProperty("virtual-size").GetInt64());
        QemuImgCompareIdentical(raw, "qcow2", image);
    }

    [Fact]
    public void Header_FollowsTheSpecification_AndEveryMetadataEntryHasCopiedSetAndRefcountOne()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        string image = temp.Combine("disk.qcow2");
        Write(raw, image);
        byte[] bytes = File.ReadAllBytes(image);

        Assert.Equal([0x51, 0x46, 0x49, 0xFB], bytes[..4]); // "QFI\xfb"
        Assert.Equal(3u, BigEndian32(bytes, 4)); // version
        Assert.Equal(16u, BigEndian32(bytes, 20)); // cluster_bits
        Assert.Equal((ulong)SparseSize, BigEndian64(bytes, 24)); // size
        Assert.Equal(4u, BigEndian32(bytes, 96)); // refcount_order
        Assert.Equal(104u, BigEndian32(bytes, 100)); // header_length
        Assert.Equal(0ul, BigEndian64(bytes, 104)); // end-of-extensions marker

        // Every cluster of the file is referenced once: refcount 1 everywhere, COPIED on every L1/L2 entry.
        long clusters = bytes.Length / ClusterSize;
        long refcountBlock = (long)BigEndian64(bytes, (int)BigEndian64(bytes, 48));
        for (int cluster = 0; cluster < clusters; cluster++)
        {
            Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan((int)refcountBlock + (cluster * 2))));
        }

        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan((int)refcountBlock + ((int)clusters * 2))));
        ulong l1Entry = BigEndian64(bytes, (int)BigEndian64(bytes, 40));
        Assert.Equal(1ul, l1Entry >> 63);
        int l2 = (int)(l1Entry & 0x00FF_FFFF_FFFF_FE00);
        int mapped = 0;
        for (int entry = 0; entry < SparseSize / ClusterSize; entry++)
        {
            ulong value = BigEndian64(bytes, l2 + (entry * 8));
            if (value != 0)
            {
                Assert.Equal(1ul, value >> 63);
                mapped++;
            }
        }

        Assert.Equal(NonZeroChunks(raw, ClusterSize).Count, mapped);
    }

    [Fact]
    public void CorruptedRefcount_IsReportedByQemuImgCheck()
    {
        using var temp = new TempDirectory();
        string image = temp.Combine("disk.qcow2");
        Write(CreateSparse(temp.Path), image);
        long refcountBlock = (long)BigEndian64(ReadAt(image, (long)BigEndian64(ReadAt(image, 48, 8), 0), 8), 0);
        long lastCluster = (new FileInfo(image).Length / ClusterSize) - 1;

        Patch(image, refcountBlock + (lastCluster * 2), [0, 0]);

        ExternalTool.Result check = ExternalTool.RunUnchecked(QemuImg, ["check", "-f", "qcow2", image]);
        Assert.NotEqual(0, check.ExitCode);
        Assert.Contains("ERROR", check.StandardOutputText + check.StandardError);
    }

    [Fact]
    public void CorruptedL2Entry_IsReportedByQemuImgCompare()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        string image = temp.Combine("disk.qcow2");
        Write(raw, image);
        long l1Table = (long)BigEndian64(ReadAt(image, 40, 8), 0);
        long l2Table = (long)(BigEndian64(ReadAt(image, l1Table, 8), 0) & 0x00FF_FFFF_FFFF_FE00);
        byte[] lastEntry = ReadAt(image, l2Table + ((SparseSize / ClusterSize) - 1) * 8, 8);

        Patch(image, l2Table, lastEntry); // guest cluster 0 now maps to the last cluster's data

        ExternalTool.Result compare = QemuImgCompare(raw, "qcow2", image);
        Assert.Equal(1, compare.ExitCode);
        Assert.Contains("Content mismatch", compare.StandardOutputText);
    }

    [Fact]
    public void WritingTwice_GivesIdenticalBytes()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        Write(raw, temp.Combine("a.qcow2"));
        Write(raw, temp.Combine("b.qcow2"));
        Assert.Equal(File.ReadAllBytes(temp.Combine("a.qcow2")), File.ReadAllBytes(temp.Combine("b.qcow2")));
    }

    [Fact]
    public void HugeSparseDisk_IsStreamedWithBoundedMemory_AndStaysSmall()
    {
        using var temp = new TempDirectory();
        long size = 2048 * MiB;
        string raw = CreateHuge(temp.Path, size);
        string image = temp.Combine("disk.qcow2");

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        Write(raw, image);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.True(allocated < 4 * MiB, $"Converting a 2 GiB disk allocated {allocated} bytes.");
        Assert.Equal(6 * ClusterSize, new FileInfo(image).Length); // 5 metadata clusters (L1 of 4 entries) + 1 data cluster
        QemuImgCheck("qcow2", image);
        Assert.Equal(size, QemuImgInfo(image).GetProperty("virtual-size").GetInt64());
        QemuImgCompareIdentical(raw, "qcow2", image);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(512 + 1)]
    public void LengthNotAMultipleOf512_IsRejected(int length)
    {
        var exception = Assert.Throws<ArgumentException>(() => Qcow2ImageWriter.Write(new MemoryStream(new byte[length]), new MemoryStream()));
        Assert.Equal("rawDisk", exception.ParamName);
        Assert.Contains(length.ToString(System.Globalization.CultureInfo.InvariantCulture), exception.Message);
        Assert.Contains("512", exception.Message);
    }

    [Fact]
    public void EmptyDisk_IsRejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => Qcow2ImageWriter.Write(new MemoryStream(), new MemoryStream()));
        Assert.Contains("empty", exception.Message);
    }

    [Fact]
    public void NonSeekableInput_IsRejected()
    {
        using var input = new ForwardOnlyStream(new MemoryStream(new byte[4096]));
        var exception = Assert.Throws<ArgumentException>(() => Qcow2ImageWriter.Write(input, new MemoryStream()));
        Assert.Contains("seekable", exception.Message);
    }

    [Fact]
    public void ReadOnlyOutput_IsRejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => Qcow2ImageWriter.Write(new MemoryStream(new byte[4096]), new MemoryStream([], writable: false)));
        Assert.Equal("output", exception.ParamName);
    }

    private static uint BigEndian32(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));

    private static ulong BigEndian64(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(offset));
}
