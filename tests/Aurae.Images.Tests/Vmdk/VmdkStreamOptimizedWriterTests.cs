using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Aurae.Images.Tests.TestSupport;
using Aurae.Images.Vmdk;
using static Aurae.Images.Tests.TestSupport.VirtualDiskSamples;

namespace Aurae.Images.Tests.Vmdk;

/// <summary>
/// Stream-optimized VMDK output validated by qemu-img (check, info, compare) and by an independent walk of
/// the header, markers, grain directory, grain tables and footer.
/// </summary>
public sealed class VmdkStreamOptimizedWriterTests
{
    private const int Sector = 512;
    private const int GrainSize = 65536;
    private const uint ContentId = 0x1234ABCD;

    private static void Write(string raw, string output) =>
        Convert(raw, output, (input, stream) => VmdkStreamOptimizedWriter.Write(input, stream, ContentId));

    [Fact]
    public void SparseDisk_PassesQemuImgCheck_IsStreamOptimized_AndReadsBackIdentical()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        string image = temp.Combine("disk.vmdk");

        Write(raw, image);

        QemuImgCheck("vmdk", image);
        JsonElement info = QemuImgInfo(image);
        Assert.Equal("vmdk", info.GetProperty("format").GetString());
        Assert.Equal(SparseSize, info.GetProperty("virtual-size").GetInt64());
        JsonElement data = info.GetProperty("format-specific").GetProperty("data");
        Assert.Equal("streamOptimized", data.GetProperty("create-type").GetString());
        Assert.Equal(ContentId, data.GetProperty("cid").GetUInt32());
        Assert.Equal(uint.MaxValue, data.GetProperty("parent-cid").GetUInt32());
        JsonElement extent = Assert.Single(data.GetProperty("extents").EnumerateArray());
        Assert.True(extent.GetProperty("compressed").GetBoolean());
        Assert.Equal(GrainSize, extent.GetProperty("cluster-size").GetInt32());
        QemuImgCompareIdentical(raw, "vmdk", image);
    }

    [Fact]
    public void Structure_FollowsTheStreamOptimizedLayout_AndHoldsExactlyTheNonZeroGrains()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        string image = temp.Combine("disk.vmdk");
        Write(raw, image);
        byte[] bytes = File.ReadAllBytes(image);

        AssertHeader(bytes.AsSpan(0, Sector), gdOffset: ulong.MaxValue);
        string descriptor = Encoding.ASCII.GetString(bytes, Sector, 127 * Sector).TrimEnd('\0');
        Assert.Contains("createType=\"streamOptimized\"\n", descriptor);
        Assert.Contains("CID=1234abcd\n", descriptor);
        Assert.Contains("parentCID=ffffffff\n", descriptor);
        Assert.Contains($"RW {SparseSize / Sector} SPARSE \"disk.vmdk\"\n", descriptor);

        // Tail: footer marker, footer (the header with the real gdOffset), end-of-stream marker.
        Assert.Equal(0, bytes.Length % Sector);
        Assert.All(bytes[^Sector..], b => Assert.Equal(0, b));
        AssertMarker(bytes, bytes.Length - (3 * Sector), expectedSectors: 1, expectedType: 3);
        ulong gdOffset = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - (2 * Sector) + 56));
        AssertHeader(bytes.AsSpan(bytes.Length - (2 * Sector), Sector), gdOffset);

        // 64 MiB = two grain tables of 512 grains; each starts after a GT marker and has grains before it.
        AssertMarker(bytes, (long)(gdOffset - 1) * Sector, expectedSectors: 1, expectedType: 2);
        var grains = new List<long>();
        for (int table = 0; table < 2; table++)
        {
            uint gtSector = LittleEndian32(bytes, (long)(gdOffset * Sector) + (table * 4));
            Assert.NotEqual(0u, gtSector);
            AssertMarker(bytes, (gtSector - 1L) * Sector, expectedSectors: 4, expectedType: 1);
            for (int entry = 0; entry < 512; entry++)
            {
                uint grainSector = LittleEndian32(bytes, (gtSector * (long)Sector) + (entry * 4));
                if (grainSector == 0)
                {
                    continue;
                }

                long grain = (table * 512) + entry;
                grains.Add(grain);
                Assert.True(grainSector < gtSector, "A grain precedes the grain table that maps it.");
                long marker = grainSector * (long)Sector;
                Assert.Equal((ulong)(grain * 128), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)marker)));
                uint size = LittleEndian32(bytes, marker + 8);
                Assert.InRange(size, 2u, (uint)GrainSize + 1024);
                Assert.Equal(0x78, bytes[marker + 12]); // zlib header (RFC 1950), not raw deflate
            }
        }

        Assert.Equal(NonZeroChunks(raw, GrainSize), grains);
    }

    [Fact]
    public void DenseDiskWithPartialLastGrain_PassesQemuImgCheck_AndReadsBackIdentical()
    {
        using var temp = new TempDirectory();
        long size = (2 * MiB) + 1536;
        string raw = CreateDense(temp.Path, size);
        string image = temp.Combine("disk.vmdk");

        Write(raw, image);

        QemuImgCheck("vmdk", image);
        Assert.Equal(size, QemuImgInfo(image).GetProperty("virtual-size").GetInt64());
        QemuImgCompareIdentical(raw, "vmdk", image);
    }

    [Fact]
    public void AllZeroDisk_HasNoGrainsOrGrainTables_AndReadsBackAsZeros()
    {
        using var temp = new TempDirectory();
        string raw = temp.Combine("zero.raw");
        using (FileStream file = File.Create(raw))
        {
            file.SetLength(40 * MiB);
        }

        string image = temp.Combine("disk.vmdk");
        Write(raw, image);

        // Header and descriptor grain, GD marker + GD sector, footer marker, footer, end-of-stream marker.
        Assert.Equal((128 + 2 + 3) * Sector, new FileInfo(image).Length);
        QemuImgCheck("vmdk", image);
        QemuImgCompareIdentical(raw, "vmdk", image);
    }

    [Fact]
    public void GrainTableEntryPastTheEnd_IsReportedByQemuImgCheck()
    {
        using var temp = new TempDirectory();
        string image = temp.Combine("disk.vmdk");
        Write(CreateSparse(temp.Path), image);
        long gtSector = FirstGrainTableSector(image);

        Patch(image, gtSector * Sector, [0xFF, 0xFF, 0xFF, 0x00]); // grain 0 at sector 16 M: far past the end

        ExternalTool.Result check = ExternalTool.RunUnchecked(QemuImg, ["check", "-f", "vmdk", image]);
        Assert.NotEqual(0, check.ExitCode);
        Assert.Contains("points after EOF", check.StandardOutputText + check.StandardError);
    }

    [Fact]
    public void SwappedGrainTableEntry_IsReportedByQemuImgCompare()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        string image = temp.Combine("disk.vmdk");
        Write(raw, image);
        long gtSector = FirstGrainTableSector(image);
        byte[] grain32Entry = ReadAt(image, (gtSector * Sector) + (32 * 4), 4); // grain 32 holds the 2 MiB run

        Patch(image, gtSector * Sector, grain32Entry); // grain 0 now reads grain 32's data

        ExternalTool.Result compare = QemuImgCompare(raw, "vmdk", image);
        Assert.Equal(1, compare.ExitCode);
        Assert.Contains("Content mismatch", compare.StandardOutputText);
    }

    [Fact]
    public void WritingTwice_GivesIdenticalBytes()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        Write(raw, temp.Combine("a.vmdk"));
        Write(raw, temp.Combine("b.vmdk"));
        Assert.Equal(File.ReadAllBytes(temp.Combine("a.vmdk")), File.ReadAllBytes(temp.Combine("b.vmdk")));
    }

    [Fact]
    public void HugeSparseDisk_IsStreamedWithBoundedMemory_AndStaysSmall()
    {
        using var temp = new TempDirectory();
        long size = 2048 * MiB;
        string raw = CreateHuge(temp.Path, size);
        string image = temp.Combine("disk.vmdk");

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        Write(raw, image);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.True(allocated < 4 * MiB, $"Converting a 2 GiB disk allocated {allocated} bytes.");
        Assert.True(new FileInfo(image).Length < 80 * 1024, $"The VMDK of a nearly empty 2 GiB disk is {new FileInfo(image).Length} bytes.");
        QemuImgCheck("vmdk", image);
        Assert.Equal(size, QemuImgInfo(image).GetProperty("virtual-size").GetInt64());
        QemuImgCompareIdentical(raw, "vmdk", image);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(4096 + 511)]
    public void LengthNotAMultipleOf512_IsRejected(int length)
    {
        var exception = Assert.Throws<ArgumentException>(() => VmdkStreamOptimizedWriter.Write(new MemoryStream(new byte[length]), new MemoryStream(), ContentId));
        Assert.Equal("rawDisk", exception.ParamName);
        Assert.Contains($"length {length} bytes is not a multiple of 512 bytes", exception.Message);
    }

    [Fact]
    public void EmptyDisk_AndNonSeekableInput_AreRejected()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => VmdkStreamOptimizedWriter.Write(new MemoryStream(), new MemoryStream(), ContentId)).Message);
        using var forwardOnly = new ForwardOnlyStream(new MemoryStream(new byte[4096]));
        Assert.Contains("seekable", Assert.Throws<ArgumentException>(() => VmdkStreamOptimizedWriter.Write(forwardOnly, new MemoryStream(), ContentId)).Message);
    }

    private static long FirstGrainTableSector(string image)
    {
        long length = new FileInfo(image).Length;
        ulong gdOffset = BinaryPrimitives.ReadUInt64LittleEndian(ReadAt(image, length - (2 * Sector) + 56, 8));
        return BinaryPrimitives.ReadUInt32LittleEndian(ReadAt(image, (long)gdOffset * Sector, 4));
    }

    /// <summary>SparseExtentHeader fields (Virtual Disk Format 5.0), little-endian.</summary>
    private static void AssertHeader(ReadOnlySpan<byte> header, ulong gdOffset)
    {
        Assert.Equal("KDMV"u8.ToArray(), header[..4].ToArray());
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(header[4..])); // version
        Assert.Equal(0x30001u, BinaryPrimitives.ReadUInt32LittleEndian(header[8..])); // flags
        Assert.Equal((ulong)(SparseSize / Sector), BinaryPrimitives.ReadUInt64LittleEndian(header[12..])); // capacity
        Assert.Equal(128ul, BinaryPrimitives.ReadUInt64LittleEndian(header[20..])); // grainSize
        Assert.Equal(1ul, BinaryPrimitives.ReadUInt64LittleEndian(header[28..])); // descriptorOffset
        Assert.Equal(512u, BinaryPrimitives.ReadUInt32LittleEndian(header[44..])); // numGTEsPerGT
        Assert.Equal(0ul, BinaryPrimitives.ReadUInt64LittleEndian(header[48..])); // rgdOffset
        Assert.Equal(gdOffset, BinaryPrimitives.ReadUInt64LittleEndian(header[56..]));
        Assert.Equal(128ul, BinaryPrimitives.ReadUInt64LittleEndian(header[64..])); // overHead
        Assert.Equal("\n \r\n"u8.ToArray(), header[73..77].ToArray());
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(header[77..])); // deflate
    }

    private static void AssertMarker(byte[] bytes, long offset, ulong expectedSectors, uint expectedType)
    {
        Assert.Equal(expectedSectors, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)offset)));
        Assert.Equal(0u, LittleEndian32(bytes, offset + 8));
        Assert.Equal(expectedType, LittleEndian32(bytes, offset + 12));
        Assert.All(bytes[(int)(offset + 16)..(int)(offset + Sector)], b => Assert.Equal(0, b));
    }

    private static uint LittleEndian32(byte[] bytes, long offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)offset));
}
