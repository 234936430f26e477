using System.Buffers.Binary;
using Aurae.Images.Partitioning;

namespace Aurae.Images.Tests.Partitioning;

public sealed class MasterBootRecordTests
{
    [Fact]
    public void Protective_CoversTheDiskFromLba1_CappedAt32Bits()
    {
        Assert.Equal(new MbrPartition(false, 0xEE, 1, 131071), MasterBootRecord.Protective(131072));
        Assert.Equal(new MbrPartition(false, 0xEE, 1, 0xFFFFFFFF), MasterBootRecord.Protective(0x1_0000_0000L));
        Assert.Equal(new MbrPartition(false, 0xEE, 1, 0xFFFFFFFF), MasterBootRecord.Protective(10L << 32));
    }

    [Fact]
    public void WritePartitionTable_LaysOutRecords_AndKeepsBootCode()
    {
        byte[] sector = Enumerable.Range(0, 512).Select(i => (byte)(i * 3)).ToArray();
        byte[] bootCode = sector[..440];
        MasterBootRecord.WritePartitionTable(sector, 0xDEADBEEF,
        [
            new MbrPartition(true, 0x00, 0, 2048),
            new MbrPartition(false, 0xEF, 64, 5000),
        ]);

        Assert.Equal(bootCode, sector[..440]);
        Assert.Equal(0xDEADBEEFu, BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(440)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(444)));

        // Record 1: active, CHS 0/0/1 .. LBA 2047 = C0 H32 S32, type 0, LBA 0, 2048 sectors.
        Assert.Equal(new byte[] { 0x80, 0x00, 0x01, 0x00, 0x00, 0x20, 0x20, 0x00, 0, 0, 0, 0, 0x00, 0x08, 0, 0 }, sector[446..462]);
        // Record 2: LBA 64 = C0 H1 S2; LBA 5063 = C0 H80 S24.
        Assert.Equal(new byte[] { 0x00, 0x01, 0x02, 0x00, 0xEF, 0x50, 0x18, 0x00, 64, 0, 0, 0, 0x88, 0x13, 0, 0 }, sector[462..478]);
        Assert.All(sector[478..510], b => Assert.Equal(0, b));
        Assert.Equal(0x55, sector[510]);
        Assert.Equal(0xAA, sector[511]);
    }

    [Fact]
    public void Chs_PastCylinder1023_Saturates()
    {
        var sector = new byte[512];
        // Cylinder 1023 ends at LBA 1024 * 16065 - 1; start one sector later.
        MasterBootRecord.WritePartitionTable(sector, 0, [new MbrPartition(false, 0x83, 1024u * 16065, 100)]);
        Assert.Equal(new byte[] { 0xFE, 0xFF, 0xFF }, sector[447..450]);
        Assert.Equal(new byte[] { 0xFE, 0xFF, 0xFF }, sector[451..454]);

        MasterBootRecord.WritePartitionTable(sector, 0, [new MbrPartition(false, 0x83, (1024u * 16065) - 1, 1)]);
        Assert.Equal(new byte[] { 0xFE, 0xFF, 0xFF }, sector[447..450]); // the last encodable address itself
    }

    [Fact]
    public void Chs_UsesTheGivenGeometry()
    {
        var sector = new byte[512];
        // 64 heads x 32 sectors: LBA 2048*3 + 33 = C3 H1 S2.
        MasterBootRecord.WritePartitionTable(sector, 0, [new MbrPartition(false, 0x0C, 6177, 1)], heads: 64, sectorsPerTrack: 32);
        Assert.Equal(new byte[] { 0x01, 0x02, 0x03 }, sector[447..450]);
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => MasterBootRecord.WritePartitionTable(new byte[511], 0, []));
        var five = Enumerable.Repeat(new MbrPartition(false, 0x83, 1, 1), 5).ToArray();
        Assert.Throws<ArgumentException>(() => MasterBootRecord.WritePartitionTable(new byte[512], 0, five));
        Assert.Throws<ArgumentException>(() => MasterBootRecord.WritePartitionTable(new byte[512], 0, [new MbrPartition(false, 0x83, 1, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MasterBootRecord.WritePartitionTable(new byte[512], 0, [], heads: 256));
        Assert.Throws<ArgumentOutOfRangeException>(() => MasterBootRecord.WritePartitionTable(new byte[512], 0, [], sectorsPerTrack: 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => MasterBootRecord.Protective(1));
    }
}
