using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Aurae.Images.Cpio;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Cpio;

/// <summary>Independent validation: archives written here must be read correctly by GNU cpio.</summary>
[SupportedOSPlatform("linux")]
public sealed class CpioToolValidationTests
{
    private const string Cpio = "/usr/bin/cpio";
    private static readonly DateTimeOffset FixedTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly UnixFileMode Mode755 = (UnixFileMode)Convert.ToInt32("755", 8);
    private static readonly UnixFileMode Mode700 = (UnixFileMode)Convert.ToInt32("700", 8);
    private static readonly UnixFileMode Mode644 = (UnixFileMode)Convert.ToInt32("644", 8);
    private static readonly UnixFileMode Mode600 = (UnixFileMode)Convert.ToInt32("600", 8);
    private static readonly UnixFileMode Mode4755 = (UnixFileMode)Convert.ToInt32("4755", 8);

    private static readonly byte[] ToolBytes = Enumerable.Range(0, 100_003).Select(i => (byte)((i * 7919) >> 3)).ToArray();

    private static (CpioTree Tree, Dictionary<string, (byte[] Data, UnixFileMode Mode)> Files) BuildSample()
    {
        var files = new Dictionary<string, (byte[] Data, UnixFileMode Mode)>
        {
            ["etc/hostname"] = ("aurae"u8.ToArray(), Mode644), // odd length
            ["etc/three"] = ("abc"u8.ToArray(), Mode644),
            ["etc/empty"] = ([], Mode600),
            ["bin/tool"] = (ToolBytes, Mode755),
            ["sbin/suid"] = ("#!/bin/sh\n"u8.ToArray(), Mode4755),
        };

        var tree = new CpioTree();
        tree.Add(CpioEntry.Directory("etc", Mode755) with { ModificationTime = FixedTime });
        tree.Add(CpioEntry.Directory("root", Mode700) with { ModificationTime = FixedTime });
        foreach ((string path, (byte[] data, UnixFileMode mode)) in files)
        {
            CpioEntry entry = path == "bin/tool"
                ? CpioEntry.File(path, mode, () => new MemoryStream(data), data.Length) // streamed variant
                : CpioEntry.File(path, mode, data);
            tree.Add(entry with { ModificationTime = FixedTime });
        }

        tree.Add(CpioEntry.SymbolicLink("bin/sh", "tool"));
        tree.Add(CpioEntry.SymbolicLink("lib64", "/usr/lib"));
        tree.Add(CpioEntry.CharacterDevice("dev/console", Mode600, 5, 1));
        tree.Add(CpioEntry.BlockDevice("dev/vda", Mode600, 253, 0));
        return (tree, files);
    }

    private static byte[] WriteArchive(CpioTree tree)
    {
        using var buffer = new MemoryStream();
        using (var writer = new CpioWriter(buffer, leaveOpen: true))
        {
            tree.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    [Fact]
    public void GnuCpio_ListsEveryEntryInOrder()
    {
        (CpioTree tree, _) = BuildSample();
        byte[] archive = WriteArchive(tree);

        ExternalTool.Result result = ExternalTool.Run(Cpio, ["-it", "--quiet"], archive);

        string[] names = result.StandardOutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(tree.GetEntries().Select(e => e.Path), names);
    }

    [Fact]
    public void GnuCpio_VerboseListing_ShowsTypesModesDevicesAndLinks()
    {
        (CpioTree tree, _) = BuildSample();
        byte[] archive = WriteArchive(tree);

        ExternalTool.Result result = ExternalTool.Run(Cpio, ["-itv", "--quiet"], archive);
        string listing = result.StandardOutputText;

        AssertLine(listing, @"^crw-------\s+1\s+\S+\s+\S+\s+5,\s+1\s.*\sdev/console$");
        AssertLine(listing, @"^brw-------\s+1\s+\S+\s+\S+\s+253,\s+0\s.*\sdev/vda$");
        AssertLine(listing, @"^lrwxrwxrwx\s+1\s.*\sbin/sh -> tool$");
        AssertLine(listing, @"^lrwxrwxrwx\s+1\s.*\slib64 -> /usr/lib$");
        AssertLine(listing, @"^drwx------\s+2\s.*\sroot$");
        AssertLine(listing, @"^drwxr-xr-x\s+2\s.*\sdev$");
        AssertLine(listing, @"^-rwsr-xr-x\s+1\s.*\ssbin/suid$");
        AssertLine(listing, @"^-rw-------\s+1\s+\S+\s+\S+\s+0\s.*\setc/empty$");
        AssertLine(listing, @"^-rwxr-xr-x\s+1\s+\S+\s+\S+\s+100003\s.*\sbin/tool$");
    }

    [Fact]
    public void GnuCpio_ExtractsContentsModesTimesAndLinks()
    {
        (CpioTree tree, Dictionary<string, (byte[] Data, UnixFileMode Mode)> files) = BuildSample();
        byte[] archive = WriteArchive(tree);
        using var target = new TempDirectory();

        // Device nodes need privileges to create; they are verified through the listing above instead.
        ExternalTool.Run(Cpio, ["-idm", "--quiet", "--no-absolute-filenames", "--nonmatching", "dev/*"], archive, target.Path);

        foreach ((string path, (byte[] data, UnixFileMode mode)) in files)
        {
            string extracted = target.Combine(path);
            Assert.True(File.Exists(extracted), $"{path} was not extracted");
            Assert.Equal(data, File.ReadAllBytes(extracted));
            Assert.Equal(mode, File.GetUnixFileMode(extracted));
            Assert.Equal(FixedTime.UtcDateTime, File.GetLastWriteTimeUtc(extracted));
        }

        Assert.Equal(Mode700, File.GetUnixFileMode(target.Combine("root")));
        Assert.Equal(Mode755, File.GetUnixFileMode(target.Combine("etc")));
        Assert.Equal("tool", new FileInfo(target.Combine("bin/sh")).LinkTarget);
        Assert.Equal("/usr/lib", new FileInfo(target.Combine("lib64")).LinkTarget);
        Assert.Equal(ToolBytes, File.ReadAllBytes(target.Combine("bin/sh"))); // resolves through the link
    }

    [Fact]
    public void GnuCpio_ReadsConcatenatedArchives()
    {
        // The kernel unpacks concatenated archives (e.g. microcode + main); GNU cpio stops at the first
        // trailer, so read both members by slicing at the 4-aligned boundary the writer guarantees.
        (CpioTree tree, _) = BuildSample();
        byte[] first = WriteArchive(tree);
        var second = new CpioTree();
        second.Add(CpioEntry.File("kernel/x86/microcode/GenuineIntel.bin", Mode644, new byte[] { 1, 2, 3 }));
        byte[] secondBytes = WriteArchive(second);
        byte[] combined = [.. first, .. secondBytes];

        Assert.Equal(0, first.Length % 4);
        string listing = ExternalTool.Run(Cpio, ["-it", "--quiet"], combined[first.Length..]).StandardOutputText;
        Assert.Contains("kernel/x86/microcode/GenuineIntel.bin", listing);
    }

    private static void AssertLine(string listing, string pattern)
    {
        Assert.True(Regex.IsMatch(listing, pattern, RegexOptions.Multiline),
            $"No line of the cpio listing matches {pattern}:\n{listing}");
    }
}
