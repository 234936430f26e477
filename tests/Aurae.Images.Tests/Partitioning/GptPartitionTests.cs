using Aurae.Images.Partitioning;

namespace Aurae.Images.Tests.Partitioning;

public sealed class GptPartitionTests
{
    private static readonly Guid SomeId = new("11111111-2222-3333-4444-555555555555");

    [Fact]
    public void NameOf36Units_IsAccepted_37IsRejected()
    {
        var ok = new GptPartition(GptPartitionTypes.BasicData, SomeId, 2048, 4095, new string('x', 36));
        Assert.Equal(36, ok.Name.Length);
        Assert.Equal(2048, ok.SectorCount);

        var error = Assert.Throws<ArgumentException>(() =>
            new GptPartition(GptPartitionTypes.BasicData, SomeId, 2048, 4095, new string('x', 37)));
        Assert.Equal("Name", error.ParamName);
        Assert.Contains("37", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReversedRange_IsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new GptPartition(GptPartitionTypes.BasicData, SomeId, 4096, 4095, "x"));
        Assert.Equal("LastLba", error.ParamName);
    }

    [Fact]
    public void EmptyTypeOrId_IsRejected()
    {
        Assert.Equal("Type", Assert.Throws<ArgumentException>(() =>
            new GptPartition(Guid.Empty, SomeId, 2048, 4095, "x")).ParamName);
        Assert.Equal("Id", Assert.Throws<ArgumentException>(() =>
            new GptPartition(GptPartitionTypes.EfiSystem, Guid.Empty, 2048, 4095, "x")).ParamName);
    }

    [Fact]
    public void WellKnownTypes_HaveTheSpecifiedValues()
    {
        Assert.Equal(new Guid("C12A7328-F81F-11D2-BA4B-00A0C93EC93B"), GptPartitionTypes.EfiSystem);
        Assert.Equal(new Guid("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"), GptPartitionTypes.BasicData);
        Assert.Equal(new Guid("0FC63DAF-8483-4772-8E79-3D69D8477DE4"), GptPartitionTypes.LinuxFilesystem);
    }
}
