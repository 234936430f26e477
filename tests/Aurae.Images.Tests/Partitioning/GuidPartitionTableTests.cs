using System.Buffers.Binary;
using System.Text;
using Aurae.Images.Partitioning;

namespace Aurae.Images.Tests.Partitioning;

/// <summary>Layout and validation, checked against the UEFI 2.x §5.3.2/§5.3.3 tables by raw offsets.</summary>
public sealed class GuidPartitionTableTests
{
    private const long DiskSectors = 131072; // 64 MiB
    private static readonly Guid DiskId = new("0A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9");
    private static readonly Guid EspId = new("11111111-2222-3333-4444-555555555555");
    private static readonly Guid DataId = new("66666666-7777-8888-9999-AAAAAAAAAAAA");

    private static GptPartition Esp(long first = 2048, long last = 34815) =>
        new(GptPartitionTypes.EfiSystem, EspId, first, last, "EFI system");

    private static GptPartition Data(long first = 34816, long last = 131038) =>
        new(GptPartitionTypes.BasicData, DataId, first, last, "data", Attributes: 0x8000000000000001);

    private static GuidPartitionTable Sample() => new(DiskId, DiskSectors, [Esp(), Data()]);

    [Fact]
    public void DerivedLbas_FollowTheDiskSize()
    {
        GuidPartitionTable table = Sample();
        Assert.Equal(34, table.FirstUsableLba);
        Assert.Equal(131038, table.LastUsableLba);
        Assert.Equal(131039, table.BackupEntriesLba);
        Assert.Equal(131071, table.BackupHeaderLba);
        Assert.Equal(32, GuidPartitionTable.EntryArraySectors);

        var moved = new GuidPartitionTable(DiskId, DiskSectors, [], primaryEntriesLba: 64);
        Assert.Equal(96, moved.FirstUsableLba);
    }

    [Fact]
    public void PrimaryHeader_FieldsAtSpecOffsets()
    {
        GuidPartitionTable table = Sample();
        byte[] sector = table.PrimaryHeader();
        byte[] entries = table.EntryArray();

        Assert.Equal(512, sector.Length);
        Assert.Equal("EFI PART", Encoding.ASCII.GetString(sector, 0, 8));            // Signature
        Assert.Equal(0x00010000u, U32(sector, 8));                                  // Revision
        Assert.Equal(92u, U32(sector, 12));                                         // HeaderSize
        Assert.Equal(0u, U32(sector, 20));                                          // Reserved
        Assert.Equal(1ul, U64(sector, 24));                                         // MyLBA
        Assert.Equal(131071ul, U64(sector, 32));                                    // AlternateLBA
        Assert.Equal(34ul, U64(sector, 40));                                        // FirstUsableLBA
        Assert.Equal(131038ul, U64(sector, 48));                                    // LastUsableLBA
        Assert.Equal(DiskId, new Guid(sector.AsSpan(56, 16)));                      // DiskGUID
        Assert.Equal(2ul, U64(sector, 72));                                         // PartitionEntryLBA
        Assert.Equal(128u, U32(sector, 80));                                        // NumberOfPartitionEntries
        Assert.Equal(128u, U32(sector, 84));                                        // SizeOfPartitionEntry
        Assert.Equal(ZlibCrc(entries), U32(sector, 88));                            // PartitionEntryArrayCRC32
        Assert.All(sector.AsSpan(92).ToArray(), b => Assert.Equal(0, b));

        byte[] zeroedCrc = sector.AsSpan(0, 92).ToArray();
        zeroedCrc.AsSpan(16, 4).Clear();
        Assert.Equal(ZlibCrc(zeroedCrc), U32(sector, 16));                         // HeaderCRC32
    }

    [Fact]
    public void DiskGuid_IsStoredMixedEndian()
    {
        byte[] sector = Sample().PrimaryHeader();
        // 0A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9: first three groups little-endian, the rest as written.
        byte[] expected = [0x3D, 0x2C, 0x1B, 0x0A, 0x5F, 0x4E, 0x71, 0x40, 0x82, 0x93, 0xA4, 0xB5, 0xC6, 0xD7, 0xE8, 0xF9];
        Assert.Equal(expected, sector.AsSpan(56, 16).ToArray());
    }

    [Fact]
    public void BackupHeader_SwapsLocations_AndHasItsOwnCrc()
    {
        GuidPartitionTable table = Sample();
        byte[] primary = table.PrimaryHeader();
        byte[] backup = table.BackupHeader();

        Assert.Equal(131071ul, U64(backup, 24));  // MyLBA
        Assert.Equal(1ul, U64(backup, 32));       // AlternateLBA
        Assert.Equal(131039ul, U64(backup, 72));  // PartitionEntryLBA
        Assert.Equal(U32(primary, 88), U32(backup, 88));
        Assert.NotEqual(U32(primary, 16), U32(backup, 16));
        byte[] zeroedCrc = backup.AsSpan(0, 92).ToArray();
        zeroedCrc.AsSpan(16, 4).Clear();
        Assert.Equal(ZlibCrc(zeroedCrc), U32(backup, 16));
    }

    [Fact]
    public void EntryArray_FieldsAtSpecOffsets_InGivenOrder()
    {
        byte[] entries = new GuidPartitionTable(DiskId, DiskSectors, [Data(), Esp()]).EntryArray();
        Assert.Equal(16384, entries.Length);

        ReadOnlySpan<byte> first = entries.AsSpan(0, 128);
        Assert.Equal(GptPartitionTypes.BasicData, new Guid(first[..16]));                 // PartitionTypeGUID
        Assert.Equal(DataId, new Guid(first.Slice(16, 16)));                             // UniquePartitionGUID
        Assert.Equal(34816ul, BinaryPrimitives.ReadUInt64LittleEndian(first[32..]));      // StartingLBA
        Assert.Equal(131038ul, BinaryPrimitives.ReadUInt64LittleEndian(first[40..]));     // EndingLBA
        Assert.Equal(0x8000000000000001ul, BinaryPrimitives.ReadUInt64LittleEndian(first[48..])); // Attributes
        Assert.Equal("data", Encoding.Unicode.GetString(first.Slice(56, 72)).TrimEnd('\0')); // PartitionName
        Assert.All(first.Slice(56 + 8).ToArray(), b => Assert.Equal(0, b));

        Assert.Equal(GptPartitionTypes.EfiSystem, new Guid(entries.AsSpan(128, 16)));
        Assert.All(entries.AsSpan(256).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void WriteTo_PlacesStructures_AndLeavesLba0Alone()
    {
        GuidPartitionTable table = Sample();
        using var disk = new MemoryStream(new byte[DiskSectors * 512]);
        disk.Write(Enumerable.Repeat((byte)0x5A, 512).ToArray());
        table.WriteTo(disk);
        byte[] image = disk.ToArray();

        Assert.All(image.AsSpan(0, 512).ToArray(), b => Assert.Equal(0x5A, b));
        Assert.Equal(table.PrimaryHeader(), image.AsSpan(512, 512).ToArray());
        Assert.Equal(table.EntryArray(), image.AsSpan(1024, 16384).ToArray());
        Assert.Equal(table.EntryArray(), image.AsSpan((int)(table.BackupEntriesLba * 512), 16384).ToArray());
        Assert.Equal(table.BackupHeader(), image.AsSpan((int)(table.BackupHeaderLba * 512), 512).ToArray());
        Assert.Equal(DiskSectors * 512, image.Length);
    }

    [Fact]
    public void SameInputs_GiveIdenticalBytes()
    {
        Assert.Equal(Sample().PrimaryHeader(), Sample().PrimaryHeader());
        Assert.Equal(Sample().BackupHeader(), Sample().BackupHeader());
        Assert.Equal(Sample().EntryArray(), Sample().EntryArray());
    }

    [Fact]
    public void OverlappingPartitions_AreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new GuidPartitionTable(DiskId, DiskSectors, [Esp(), Data(first: 34815)]));
        Assert.Equal("partitions", error.ParamName);
        Assert.Contains("overlaps", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(33, 100)]       // before FirstUsableLba
    [InlineData(2048, 131039)]  // into the backup entry array
    public void PartitionOutsideUsableRange_IsRejected(long first, long last)
    {
        var error = Assert.Throws<ArgumentException>(() => new GuidPartitionTable(DiskId, DiskSectors, [Esp(first, last)]));
        Assert.Contains("outside the usable range 34-131038", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreThan128Partitions_AreRejected()
    {
        GptPartition[] many = Enumerable.Range(0, 129)
            .Select(i => new GptPartition(GptPartitionTypes.BasicData, new Guid(i + 1, 0, 0, new byte[8]), 2048 + i, 2048 + i, $"p{i}"))
            .ToArray();
        var error = Assert.Throws<ArgumentException>(() => new GuidPartitionTable(DiskId, DiskSectors, many));
        Assert.Contains("129", error.Message, StringComparison.Ordinal);

        var full = new GuidPartitionTable(DiskId, DiskSectors, many[..128]);
        Assert.Equal(128, full.Partitions.Count);
    }

    [Fact]
    public void DuplicatePartitionIds_AreRejected()
    {
        var twin = new GptPartition(GptPartitionTypes.BasicData, EspId, 40000, 50000, "twin");
        Assert.Throws<ArgumentException>(() => new GuidPartitionTable(DiskId, DiskSectors, [Esp(), twin]));
    }

    [Fact]
    public void TooSmallDisk_OrBadArguments_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GuidPartitionTable(DiskId, 67, []));
        var smallest = new GuidPartitionTable(DiskId, 68, []);
        Assert.Equal(smallest.FirstUsableLba, smallest.LastUsableLba); // exactly one usable sector
        Assert.Throws<ArgumentOutOfRangeException>(() => new GuidPartitionTable(DiskId, DiskSectors, [], primaryEntriesLba: 1));
        Assert.Throws<ArgumentException>(() => new GuidPartitionTable(Guid.Empty, DiskSectors, []));
    }

    private static uint U32(byte[] data, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset));

    private static ulong U64(byte[] data, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(offset));

    /// <summary>A bitwise CRC-32 independent of the table-driven implementation under test.</summary>
    private static uint ZlibCrc(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
