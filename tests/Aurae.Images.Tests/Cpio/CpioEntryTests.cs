using Aurae.Images.Cpio;
using Aurae.Images.Reproducibility;

namespace Aurae.Images.Tests.Cpio;

public sealed class CpioEntryTests
{
    private const UnixFileMode Mode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Theory]
    [InlineData("init")]
    [InlineData("usr/lib/modules/6.12.0/modules.dep")]
    [InlineData("dev/console")]
    [InlineData(".hidden/..dots/...")]
    [InlineData("sp ace/ünïcode")]
    public void ValidPaths_AreAccepted(string path)
    {
        Assert.Equal(path, CpioEntry.File(path, Mode644, ReadOnlyMemory<byte>.Empty).Path);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("etc//passwd")]
    [InlineData("etc/")]
    [InlineData("./etc")]
    [InlineData("etc/./passwd")]
    [InlineData("..")]
    [InlineData("etc/../passwd")]
    [InlineData("etc/\0passwd")]
    [InlineData("TRAILER!!!")]
    public void InvalidPaths_AreRejectedNamingThePath(string path)
    {
        var exception = Assert.Throws<ArgumentException>(() => CpioEntry.Directory(path, Mode644));
        Assert.Contains($"'{path.Replace("\0", "\\0")}'", exception.Message);
        Assert.Equal("path", exception.ParamName);
    }

    [Fact]
    public void EmptyPath_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => CpioEntry.Directory("", Mode644));
    }

    [Fact]
    public void PathLongerThanKernelPathMax_IsRejected()
    {
        string path = string.Join('/', Enumerable.Repeat(new string('a', 99), 41)); // 4099 bytes
        var exception = Assert.Throws<ArgumentException>(() => CpioEntry.Directory(path, Mode644));
        Assert.Contains("4095", exception.Message);
    }

    [Fact]
    public void UnpairedSurrogate_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => CpioEntry.Directory("bad\uD800name", Mode644));
    }

    [Fact]
    public void ModeWithFileTypeBits_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CpioEntry.File("f", (UnixFileMode)0x81A4, ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void SpecialPermissionBits_AreAllowed()
    {
        const UnixFileMode mode = UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit | UnixFileMode.UserExecute;
        Assert.Equal(mode, CpioEntry.Directory("tmp", mode).Mode);
    }

    [Fact]
    public void ModificationTime_DefaultsToSourceDateEpoch()
    {
        Assert.Equal(SourceDateEpoch.Default, CpioEntry.Directory("d", Mode644).ModificationTime);
    }

    [Fact]
    public void ModificationTime_OutsideUnsigned32BitSeconds_IsRejected()
    {
        CpioEntry entry = CpioEntry.Directory("d", Mode644);
        Assert.Throws<ArgumentOutOfRangeException>(() => entry with { ModificationTime = DateTimeOffset.UnixEpoch.AddSeconds(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => entry with { ModificationTime = DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue + 1L) });
        Assert.Equal(uint.MaxValue, (entry with { ModificationTime = DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue) }).ModificationTime.ToUnixTimeSeconds());
    }

    [Fact]
    public void WithExpression_SetsOwnership()
    {
        CpioEntry entry = CpioEntry.File("home/user/f", Mode644, new byte[] { 1 }) with { Uid = 1000, Gid = 1001 };
        Assert.Equal((1000u, 1001u), (entry.Uid, entry.Gid));
        Assert.Equal(1, entry.DataLength);
    }

    [Fact]
    public void SymbolicLink_ExposesTargetAndUtf8Length()
    {
        CpioEntry link = CpioEntry.SymbolicLink("lib", "usr/lïb");
        Assert.Equal(CpioEntryType.SymbolicLink, link.EntryType);
        Assert.Equal("usr/lïb", link.LinkTarget);
        Assert.Equal(8, link.DataLength);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\0b")]
    public void SymbolicLink_WithInvalidTarget_IsRejected(string target)
    {
        var exception = Assert.Throws<ArgumentException>(() => CpioEntry.SymbolicLink("link", target));
        Assert.Equal("target", exception.ParamName);
    }

    [Fact]
    public void SymbolicLink_MayPointToAnAbsolutePath()
    {
        Assert.Equal("/proc/self/fd", CpioEntry.SymbolicLink("dev/fd", "/proc/self/fd").LinkTarget);
    }

    [Fact]
    public void StreamedFile_LengthMustFitNewcField()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CpioEntry.File("huge", Mode644, () => Stream.Null, uint.MaxValue + 1L));
        Assert.Throws<ArgumentOutOfRangeException>(() => CpioEntry.File("neg", Mode644, () => Stream.Null, -1));
        Assert.Equal(uint.MaxValue, CpioEntry.File("max", Mode644, () => Stream.Null, uint.MaxValue).DataLength);
    }

    [Fact]
    public void Devices_CarryMajorAndMinor()
    {
        CpioEntry console = CpioEntry.CharacterDevice("dev/console", UnixFileMode.UserRead | UnixFileMode.UserWrite, 5, 1);
        Assert.Equal((CpioEntryType.CharacterDevice, 5u, 1u), (console.EntryType, console.DeviceMajor, console.DeviceMinor));
        Assert.Equal(CpioEntryType.BlockDevice, CpioEntry.BlockDevice("dev/vda", Mode644, 253, 0).EntryType);
    }

    [Fact]
    public void Equality_ComparesContentsByValue()
    {
        CpioEntry a = CpioEntry.File("etc/motd", Mode644, "hi"u8.ToArray());
        Assert.Equal(a, CpioEntry.File("etc/motd", Mode644, "hi"u8.ToArray()));
        Assert.Equal(a.GetHashCode(), CpioEntry.File("etc/motd", Mode644, "hi"u8.ToArray()).GetHashCode());
        Assert.NotEqual(a, CpioEntry.File("etc/motd", Mode644, "ho"u8.ToArray()));
        Assert.NotEqual(a, a with { Uid = 1 });
    }

    [Fact]
    public void EntryTypeValues_AreTheSIfmtBits()
    {
        Assert.Equal((int)CpioEntryType.RegularFile, Convert.ToInt32("0100000", 8));
        Assert.Equal((int)CpioEntryType.Directory, Convert.ToInt32("0040000", 8));
        Assert.Equal((int)CpioEntryType.SymbolicLink, Convert.ToInt32("0120000", 8));
        Assert.Equal((int)CpioEntryType.CharacterDevice, Convert.ToInt32("0020000", 8));
        Assert.Equal((int)CpioEntryType.BlockDevice, Convert.ToInt32("0060000", 8));
        Assert.Equal((int)CpioEntryType.Fifo, Convert.ToInt32("0010000", 8));
        Assert.Equal((int)CpioEntryType.Socket, Convert.ToInt32("0140000", 8));
    }
}
