using System.Buffers.Binary;
using System.Text.Json;
using Aurae.Images.Tests.TestSupport;
using Aurae.Images.Vhd;
using static Aurae.Images.Tests.TestSupport.VirtualDiskSamples;

namespace Aurae.Images.Tests.Vhd;

/// <summary>
/// VHD output validated by qemu-img (info, compare; its vpc driver has no `check`) and by an independent
/// reading of the footer, dynamic disk header and block allocation table, checksums recomputed here.
/// </summary>
public sealed class VhdImageWriterTests
{
    private const int FooterLength = 512;
    private const int BlockSize = 2 * 1024 * 1024;
    private const int BitmapLength = 512;

    private static readonly Guid SampleId = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    private static readonly DateTimeOffset SampleTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly VhdIdentity SampleIdentity = new(SampleId, SampleTime);

    // 2023-11-14T22:13:20Z minus 2000-01-01T00:00:00Z (946684800 s after 1970).
    private const uint SampleVhdTimeStamp = 1_700_000_000 - 946_684_800;

    private static void WriteFixed(string raw, string output) =>
        Convert(raw, output, (input, stream) => VhdImageWriter.WriteFixed(input, stream, SampleIdentity));

    private static void WriteDynamic(string raw, string output) =>
        Convert(raw, output, (input, stream) => VhdImageWriter.WriteDynamic(input, stream, SampleIdentity));

    [Fact]
    public void Fixed_IsReadByQemuAsVpcOfExactlyTheRawSize_WithIdenticalContent()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        string image = temp.Combine("disk.vhd");

        WriteFixed(raw, image);

        JsonElement info = QemuImgInfoVpc(image);
        Assert.Equal("vpc", info.GetProperty("format").GetString());
        Assert.Equal(SparseSize, info.GetProperty("virtual-size").GetInt64());
        Assert.False(info.TryGetProperty("cluster-size", out _), "qemu reports a block size only for dynamic VHDs.");
        QemuImgCompareIdentical(raw, "vpc", image);

        Assert.Equal(SparseSize + FooterLength, new FileInfo(image).Length);
        byte[] footer = ReadAt(image, SparseSize, FooterLength);
        AssertFooter(footer, diskType: 2, dataOffset: ulong.MaxValue, size: SparseSize);
    }

    [Fact]
    public void Fixed_FooterSizesDiskByCurrentSize_WhereACreatorQemuSizesByGeometryWouldShrinkIt()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        string image = temp.Combine("disk.vhd");
        WriteFixed(raw, image);

        // Relabel the creator as "vpc " (Virtual PC) with a valid checksum: QEMU then takes the size from the
        // CHS geometry, 963 x 8 x 17 sectors for 64 MiB, which is smaller than the disk.
        byte[] footer = ReadAt(image, SparseSize, FooterLength);
        "vpc "u8.CopyTo(footer.AsSpan(28));
        BinaryPrimitives.WriteUInt32BigEndian(footer.AsSpan(64), 0);
        BinaryPrimitives.WriteUInt32BigEndian(footer.AsSpan(64), OnesComplementSum(footer));
        Patch(image, SparseSize, footer);

        Assert.Equal(963L * 8 * 17 * 512, QemuImgInfoVpc(image).GetProperty("virtual-size").GetInt64());
    }

    [Fact]
    public void Dynamic_IsReadByQemuAsDynamicVpc_WithIdenticalContent_AndStoresOnlyNonZeroBlocks()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        string image = temp.Combine("disk.vhd");

        WriteDynamic(raw, image);

        JsonElement info = QemuImgInfo(image); // a dynamic VHD starts with its footer copy: qemu detects it
        Assert.Equal("vpc", info.GetProperty("format").GetString());
        Assert.Equal(SparseSize, info.GetProperty("virtual-size").GetInt64());
        Assert.Equal(BlockSize, info.GetProperty("cluster-size").GetInt32());
        QemuImgCompareIdentical(raw, "vpc", image);

        byte[] bytes = File.ReadAllBytes(image);
        List<long> nonZeroBlocks = NonZeroChunks(raw, BlockSize);
        int blocks = (int)(SparseSize / BlockSize);
        Assert.Equal(1536 + 512 + (nonZeroBlocks.Count * (BitmapLength + BlockSize)) + FooterLength, bytes.Length);
        AssertDynamicStructure(bytes, SparseSize, blocks, nonZeroBlocks);
    }

    [Fact]
    public void Dynamic_DenseDiskWithPartialLastBlock_ReadsBackIdentical()
    {
        using var temp = new TempDirectory();
        long size = 3 * MiB;
        string raw = CreateDense(temp.Path, size);
        string image = temp.Combine("disk.vhd");

        WriteDynamic(raw, image);

        Assert.Equal(size, QemuImgInfo(image).GetProperty("virtual-size").GetInt64());
        QemuImgCompareIdentical(raw, "vpc", image);
        AssertDynamicStructure(File.ReadAllBytes(image), size, blocks: 2, nonZeroBlocks: [0, 1]);
    }

    [Fact]
    public void Dynamic_CorruptedFooterChecksum_IsRejectedByQemuAndByTheIndependentCheck()
    {
        using var temp = new TempDirectory();
        string image = temp.Combine("disk.vhd");
        WriteDynamic(CreateSparse(temp.Path), image);

        Patch(image, 100, [0x99]); // a reserved byte of the footer copy at offset 0

        Assert.NotEqual(OnesComplementSumWithoutChecksum(ReadAt(image, 0, FooterLength), 64), BinaryPrimitives.ReadUInt32BigEndian(ReadAt(image, 64, 4)));
        ExternalTool.Result info = ExternalTool.RunUnchecked(QemuImg, ["info", "-f", "vpc", image]);
        Assert.NotEqual(0, info.ExitCode);
        Assert.Contains("Incorrect header checksum", info.StandardError);
    }

    [Fact]
    public void Dynamic_CorruptedBlockAllocationTable_IsReportedByQemuImgCompare()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        string image = temp.Combine("disk.vhd");
        WriteDynamic(raw, image);
        byte[] lastEntry = ReadAt(image, 1536 + ((SparseSize / BlockSize) - 1) * 4, 4);

        Patch(image, 1536, lastEntry); // block 0 now maps to the last block's data

        ExternalTool.Result compare = QemuImgCompare(raw, "vpc", image);
        Assert.Equal(1, compare.ExitCode);
        Assert.Contains("Content mismatch", compare.StandardOutputText);
    }

    [Fact]
    public void Fixed_CorruptedFooter_IsRejectedByQemu()
    {
        using var temp = new TempDirectory();
        string image = temp.Combine("disk.vhd");
        WriteFixed(CreateDense(temp.Path, MiB), image);

        Patch(image, MiB + 100, [0x99]);

        ExternalTool.Result info = ExternalTool.RunUnchecked(QemuImg, ["info", "-f", "vpc", image]);
        Assert.NotEqual(0, info.ExitCode);
        Assert.Contains("Incorrect header checksum", info.StandardError);
    }

    [Fact]
    public void WritingTwice_GivesIdenticalBytes()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        WriteFixed(raw, temp.Combine("a.vhd"));
        WriteFixed(raw, temp.Combine("b.vhd"));
        WriteDynamic(raw, temp.Combine("c.vhd"));
        WriteDynamic(raw, temp.Combine("d.vhd"));
        Assert.Equal(Sha256(temp.Combine("a.vhd")), Sha256(temp.Combine("b.vhd")));
        Assert.Equal(File.ReadAllBytes(temp.Combine("c.vhd")), File.ReadAllBytes(temp.Combine("d.vhd")));
    }

    [Fact]
    public void Dynamic_HugeSparseDisk_IsStreamedWithBoundedMemory_AndStaysSmall()
    {
        using var temp = new TempDirectory();
        long size = 2048 * MiB;
        string raw = CreateHuge(temp.Path, size);
        string image = temp.Combine("disk.vhd");

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        WriteDynamic(raw, image);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.True(allocated < 8 * MiB, $"Converting a 2 GiB disk allocated {allocated} bytes.");
        // Footer copy, header, BAT of 1024 entries (8 sectors), one block, footer.
        Assert.Equal(1536 + 4096 + BitmapLength + BlockSize + FooterLength, new FileInfo(image).Length);
        Assert.Equal(size, QemuImgInfo(image).GetProperty("virtual-size").GetInt64());
        QemuImgCompareIdentical(raw, "vpc", image);
    }

    [Fact]
    public void Timestamps_CountFrom2000_ClampEarlierTimes_AndRejectTimesPast2136()
    {
        Assert.Equal(SampleVhdTimeStamp, FooterTimeStamp(SampleIdentity));
        Assert.Equal(0u, FooterTimeStamp(SampleIdentity with { Timestamp = DateTimeOffset.UnixEpoch }));
        Assert.Equal(uint.MaxValue, FooterTimeStamp(SampleIdentity with { Timestamp = VhdIdentity.MaxTimestamp }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VhdIdentity(SampleId, VhdIdentity.MaxTimestamp.AddSeconds(1)));
    }

    [Theory]
    [InlineData(512)]
    [InlineData((3 * 1024 * 1024) + 512)]
    [InlineData((1024 * 1024) - 512)]
    public void LengthNotAWholeMiB_IsRejected(int length)
    {
        foreach (Action<Stream, Stream, VhdIdentity> write in Writers)
        {
            var exception = Assert.Throws<ArgumentException>(() => write(new MemoryStream(new byte[length]), new MemoryStream(), SampleIdentity));
            Assert.Equal("rawDisk", exception.ParamName);
            Assert.Contains($"length {length} bytes is not a multiple of 1048576 bytes", exception.Message);
            Assert.Contains("Azure", exception.Message);
        }
    }

    [Fact]
    public void EmptyDisk_NonSeekableInput_MissingIdentity_AreRejected()
    {
        foreach (Action<Stream, Stream, VhdIdentity> write in Writers)
        {
            Assert.Contains("empty", Assert.Throws<ArgumentException>(() => write(new MemoryStream(), new MemoryStream(), SampleIdentity)).Message);
            using var forwardOnly = new ForwardOnlyStream(new MemoryStream(new byte[MiB]));
            Assert.Contains("seekable", Assert.Throws<ArgumentException>(() => write(forwardOnly, new MemoryStream(), SampleIdentity)).Message);
            Assert.Throws<ArgumentNullException>(() => write(new MemoryStream(new byte[MiB]), new MemoryStream(), null!));
        }
    }

    private static readonly Action<Stream, Stream, VhdIdentity>[] Writers = [VhdImageWriter.WriteFixed, VhdImageWriter.WriteDynamic];

    private static JsonElement QemuImgInfoVpc(string path) =>
        JsonDocument.Parse(ExternalTool.Run(QemuImg, ["info", "-f", "vpc", "--output=json", path]).StandardOutputText).RootElement.Clone();

    private static uint FooterTimeStamp(VhdIdentity identity)
    {
        using var output = new MemoryStream();
        VhdImageWriter.WriteFixed(new MemoryStream(new byte[MiB]), output, identity);
        return BinaryPrimitives.ReadUInt32BigEndian(output.ToArray().AsSpan((int)MiB + 24));
    }

    /// <summary>Checks every footer field against the specification, recomputing the checksum here.</summary>
    private static void AssertFooter(byte[] footer, uint diskType, ulong dataOffset, long size)
    {
        Assert.Equal("conectix"u8.ToArray(), footer[..8]);
        Assert.Equal(2u, BigEndian32(footer, 8)); // features: reserved bit
        Assert.Equal(0x00010000u, BigEndian32(footer, 12));
        Assert.Equal(dataOffset, BigEndian64(footer, 16));
        Assert.Equal(SampleVhdTimeStamp, BigEndian32(footer, 24));
        Assert.Equal("win "u8.ToArray(), footer[28..32]);
        Assert.Equal("Wi2k"u8.ToArray(), footer[36..40]);
        Assert.Equal((ulong)size, BigEndian64(footer, 40)); // original size
        Assert.Equal((ulong)size, BigEndian64(footer, 48)); // current size
        long chs = BinaryPrimitives.ReadUInt16BigEndian(footer.AsSpan(56)) * footer[58] * footer[59];
        Assert.InRange(chs * 512, 1, size);
        Assert.Equal(diskType, BigEndian32(footer, 60));
        Assert.Equal(OnesComplementSumWithoutChecksum(footer, 64), BigEndian32(footer, 64));
        Assert.Equal(SampleId.ToByteArray(bigEndian: true), footer[68..84]);
        Assert.All(footer[84..], b => Assert.Equal(0, b)); // saved state and reserved
    }

    /// <summary>Walks a dynamic VHD: footer copies, header (checksum recomputed), BAT and block bitmaps.</summary>
    private static void AssertDynamicStructure(byte[] bytes, long size, int blocks, List<long> nonZeroBlocks)
    {
        byte[] footer = bytes[^FooterLength..];
        AssertFooter(footer, diskType: 3, dataOffset: 512, size: size);
        Assert.Equal(footer, bytes[..FooterLength]);

        byte[] header = bytes[512..1536];
        Assert.Equal("cxsparse"u8.ToArray(), header[..8]);
        Assert.Equal(ulong.MaxValue, BigEndian64(header, 8));
        Assert.Equal(1536ul, BigEndian64(header, 16)); // table offset
        Assert.Equal(0x00010000u, BigEndian32(header, 24));
        Assert.Equal((uint)blocks, BigEndian32(header, 28)); // max table entries
        Assert.Equal((uint)BlockSize, BigEndian32(header, 32));
        Assert.Equal(OnesComplementSumWithoutChecksum(header, 36), BigEndian32(header, 36));

        var stored = new List<long>();
        for (int block = 0; block < blocks; block++)
        {
            uint entry = BigEndian32(bytes, 1536 + (block * 4));
            if (entry == uint.MaxValue)
            {
                continue;
            }

            stored.Add(block);
            long bitmap = entry * 512L;
            Assert.InRange(bitmap + BitmapLength + BlockSize, 0, bytes.Length - FooterLength);
            Assert.All(bytes[(int)bitmap..(int)(bitmap + BitmapLength)], b => Assert.Equal(0xFF, b));
        }

        Assert.Equal(nonZeroBlocks, stored);
    }

    private static uint OnesComplementSumWithoutChecksum(byte[] structure, int checksumOffset)
    {
        byte[] copy = (byte[])structure.Clone();
        Array.Clear(copy, checksumOffset, 4);
        return OnesComplementSum(copy);
    }

    private static uint OnesComplementSum(byte[] structure)
    {
        uint sum = 0;
        foreach (byte value in structure)
        {
            sum += value;
        }

        return ~sum;
    }

    private static uint BigEndian32(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));

    private static ulong BigEndian64(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(offset));
}
