using System.Text.RegularExpressions;
using Aurae.Images.Fat;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Fat;

/// <summary>
/// Independent validation: images written here must pass dosfstools' fsck.fat and read back byte-exact through
/// mtools (with its own consistency checks on).
/// </summary>
public sealed class FatToolValidationTests
{
    private static readonly DateTimeOffset Time = new(2024, 5, 6, 7, 8, 10, TimeSpan.Zero);

    private static string WriteImage(TempDirectory directory, FatFileSystem fs, string name = "fat.img")
    {
        string path = directory.Combine(name);
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            fs.WriteTo(file);
        }

        Assert.Equal(fs.Length, new FileInfo(path).Length);
        return path;
    }

    /// <summary>Every file reads back byte-exact via mcopy, and `mdir -/ -b` lists exactly the expected paths.</summary>
    private static void AssertContents(string image, IReadOnlyDictionary<string, byte[]> files, IEnumerable<string>? extraDirectories = null)
    {
        foreach ((string path, byte[] content) in files)
        {
            Assert.Equal(content, FatTools.ReadWithMcopy(image, "::/" + path));
        }

        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string path in files.Keys.Concat(extraDirectories?.Select(d => d + "/x") ?? []))
        {
            string[] parts = path.Split('/');
            for (int i = 1; i < parts.Length; i++)
            {
                expected.Add("::/" + string.Join('/', parts[..i]) + "/");
            }
        }

        foreach (string path in files.Keys)
        {
            expected.Add("::/" + path);
        }

        string listing = FatTools.Mtools(FatTools.Mdir, image, "-/", "-b", "::/").StandardOutputText;
        var listed = new SortedSet<string>(listing.Split('\n', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        Assert.Equal(expected, listed);
    }

    private static Dictionary<string, byte[]> EspFiles() => new()
    {
        ["EFI/BOOT/BOOTX64.EFI"] = FatLayoutTests.Pattern(123_457),
        ["EFI/BOOT/grub.cfg"] = "set timeout=0\n"u8.ToArray(),
        ["EFI/Linux/aurae-0.1.0.efi"] = FatLayoutTests.Pattern(300_001, seed: 2),
        ["loader/loader.conf"] = "timeout 0\n"u8.ToArray(),
        ["loader/entries/a very long file name with spaces.conf"] = "title Aurae\n"u8.ToArray(),
        ["EMPTY"] = [],
    };

    private static FatFileSystemBuilder Builder(Dictionary<string, byte[]> files, string label = "AURAE", DateTimeOffset? time = null)
    {
        var builder = new FatFileSystemBuilder(label, 0x1234ABCD, time ?? Time);
        foreach ((string path, byte[] content) in files)
        {
            builder.AddFile(path, content);
        }

        return builder;
    }

    [Fact]
    public void SmallestImage_SmallContent_IsFat12_CleanAndReadable()
    {
        using var directory = new TempDirectory();
        Dictionary<string, byte[]> files = EspFiles();
        FatFileSystem fs = Builder(files).BuildSmallest();
        Assert.Equal(FatType.Fat12, fs.Type);
        string image = WriteImage(directory, fs);

        string fsck = FatTools.FsckClean(image);
        Assert.Contains("12 bit entries", fsck, StringComparison.Ordinal);
        Assert.Contains($"{fs.ClusterCount} data clusters", fsck, StringComparison.Ordinal);
        Assert.Contains($"{fs.TotalSectors} sectors total", fsck, StringComparison.Ordinal);
        Assert.Contains("FAT (12 bit)", ExternalTool.Run(FatTools.File, [image]).StandardOutputText, StringComparison.Ordinal);
        AssertContents(image, files);

        string boot = FatTools.Mtools(FatTools.Mdir, image, "::/EFI/BOOT").StandardOutputText;
        Assert.Contains("Volume in drive : is AURAE", boot, StringComparison.Ordinal);
        Assert.Contains("Volume Serial Number is 1234-ABCD", boot, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^BOOTX64\s+EFI\s+123457 2024-05-06\s+7:08\s*$", RegexOptions.Multiline), boot);
        Assert.Matches(new Regex(@"^GRUB\s+CFG\s+14 2024-05-06\s+7:08\s+grub\.cfg$", RegexOptions.Multiline), boot);
        Assert.Equal("set timeout=0\n"u8.ToArray(), FatTools.Mtools(FatTools.Mtype, image, "::/EFI/BOOT/grub.cfg").StandardOutput);
    }

    [Fact]
    public void LongNames_ReadBackThroughMdir()
    {
        using var directory = new TempDirectory();
        string image = WriteImage(directory, Builder(EspFiles()).BuildSmallest());

        string entries = FatTools.Mtools(FatTools.Mdir, image, "::/loader/entries").StandardOutputText;
        Assert.Matches(new Regex(@"^AVERYL~1 CON\s+12 2024-05-06\s+7:08\s+a very long file name with spaces\.conf$", RegexOptions.Multiline), entries);
        string linux = FatTools.Mtools(FatTools.Mdir, image, "::/EFI/Linux").StandardOutputText;
        Assert.Matches(new Regex(@"^AURAE-~1 EFI\s+300001 .*aurae-0\.1\.0\.efi$", RegexOptions.Multiline), linux);
        Assert.Matches(new Regex(@"^LINUX\s+<DIR>.*Linux$", RegexOptions.Multiline),
            FatTools.Mtools(FatTools.Mdir, image, "::/EFI").StandardOutputText);
    }

    [Fact]
    public void SmallestImage_ManyClusters_IsFat16_WithDirectorySpanningManyClusters()
    {
        using var directory = new TempDirectory();
        // 5000 non-empty files need 5000 clusters whatever the cluster size: more than FAT12's 4084.
        var files = new Dictionary<string, byte[]>();
        for (int i = 0; i < 5000; i++)
        {
            files[$"many/file{i:D4}.bin"] = FatLayoutTests.Pattern(1 + (i % 700), seed: i);
        }

        files["EFI/BOOT/BOOTX64.EFI"] = FatLayoutTests.Pattern(70_000);
        FatFileSystem fs = Builder(files).BuildSmallest();
        Assert.Equal(FatType.Fat16, fs.Type);
        Assert.InRange(fs.ClusterCount, 5000, 65524);
        string image = WriteImage(directory, fs);

        string fsck = FatTools.FsckClean(image);
        Assert.Contains("16 bit entries", fsck, StringComparison.Ordinal);
        Assert.Contains("FAT (16 bit)", ExternalTool.Run(FatTools.File, [image]).StandardOutputText, StringComparison.Ordinal);
        Assert.Equal("FAT16   ", new FatTestReader(File.ReadAllBytes(image)).Ascii(54, 8));

        // The directory "many" holds 5000 x 2 entries (long name + short name): 320 000 bytes, many clusters.
        string listing = FatTools.Mtools(FatTools.Mdir, image, "::/many").StandardOutputText;
        Assert.Contains("5002 files", listing, StringComparison.Ordinal);
        foreach (int i in new[] { 0, 1, 999, 2500, 4998, 4999 })
        {
            string path = $"many/file{i:D4}.bin";
            Assert.Equal(files[path], FatTools.ReadWithMcopy(image, "::/" + path));
        }

        Assert.Equal(files["EFI/BOOT/BOOTX64.EFI"], FatTools.ReadWithMcopy(image, "::/EFI/BOOT/BOOTX64.EFI"));
    }

    [Fact]
    public void Fat32_40MiB_WithHiddenSectors_IsCleanAndReadable()
    {
        using var directory = new TempDirectory();
        Dictionary<string, byte[]> files = EspFiles();
        FatFileSystem fs = Builder(files).BuildFat32(40L * 2048, 2048);
        Assert.Equal(FatType.Fat32, fs.Type);
        string image = WriteImage(directory, fs);

        string fsck = FatTools.FsckClean(image);
        Assert.Contains("32 bit entries", fsck, StringComparison.Ordinal);
        Assert.Contains("2048 hidden sectors", fsck, StringComparison.Ordinal);
        Assert.Contains("81920 sectors total", fsck, StringComparison.Ordinal);
        Assert.Contains("Checking free cluster summary", fsck, StringComparison.Ordinal);
        Assert.Contains("FAT (32 bit)", ExternalTool.Run(FatTools.File, [image]).StandardOutputText, StringComparison.Ordinal);
        AssertMinfo(image, fs, sectorsPerCluster: 1);
        AssertContents(image, files);
    }

    [Fact]
    public void Fat32_300MiB_WithHiddenSectors_HoldsALargeFile()
    {
        using var directory = new TempDirectory();
        var files = new Dictionary<string, byte[]>
        {
            ["EFI/Linux/aurae.efi"] = FatLayoutTests.Pattern(40 << 20, seed: 3),
            ["EFI/BOOT/BOOTX64.EFI"] = FatLayoutTests.Pattern(200_000),
        };
        FatFileSystem fs = Builder(files).BuildFat32(300L * 2048, 2048);
        Assert.Equal(8, fs.SectorsPerCluster); // Microsoft's default 4 KiB clusters for 260 MB - 8 GB
        string image = WriteImage(directory, fs);

        string fsck = FatTools.FsckClean(image);
        Assert.Contains("4096 bytes per cluster", fsck, StringComparison.Ordinal);
        Assert.Contains("614400 sectors total", fsck, StringComparison.Ordinal);
        AssertMinfo(image, fs, sectorsPerCluster: 8);
        AssertContents(image, files);
    }

    [Fact]
    public void Fat32_AtTheMinimumSize_IsClean()
    {
        using var directory = new TempDirectory();
        Dictionary<string, byte[]> files = EspFiles();
        FatFileSystemBuilder builder = Builder(files);
        FatFileSystem fs = builder.BuildFat32(builder.MinimumFat32Sectors(), 0);
        Assert.Equal(65525, fs.ClusterCount);
        string image = WriteImage(directory, fs);
        Assert.Contains("65525 data clusters", FatTools.FsckClean(image), StringComparison.Ordinal);
        AssertContents(image, files);
    }

    [Fact]
    public void DeepDirectories_EmptyFiles_AndClusterBoundarySizes()
    {
        using var directory = new TempDirectory();
        var files = new Dictionary<string, byte[]>
        {
            ["a/b/c/d/e/f/g/h/i/j/k/l/deep file.txt"] = "deep\n"u8.ToArray(),
            ["a/b/c/d/e/f/g/h/i/j/k/l/EMPTY.BIN"] = [],
            ["a/b/empty too.bin"] = [],
            ["sizes/ONE.BIN"] = FatLayoutTests.Pattern(512),
            ["sizes/ONEPLUS.BIN"] = FatLayoutTests.Pattern(513),
            ["sizes/TWO.BIN"] = FatLayoutTests.Pattern(1024),
            ["sizes/HALF.BIN"] = FatLayoutTests.Pattern(256),
        };
        FatFileSystemBuilder builder = Builder(files);
        builder.AddDirectory("empty dir/inside");

        foreach (FatFileSystem fs in new[] { builder.BuildSmallest(), builder.BuildFat32(40L * 2048, 2048) })
        {
            Assert.Equal(1, fs.SectorsPerCluster); // so 512 bytes is exactly one cluster
            string image = WriteImage(directory, fs, $"{fs.Type}.img");
            FatTools.FsckClean(image);
            AssertContents(image, files, extraDirectories: ["empty dir/inside"]);

            var fat = new FatTestReader(File.ReadAllBytes(image));
            Assert.Single(fat.Chain(fat.ReadDirectory("sizes").Single(e => e.Name == "ONE.BIN").FirstCluster));
            Assert.Equal(2, fat.Chain(fat.ReadDirectory("sizes").Single(e => e.Name == "ONEPLUS.BIN").FirstCluster).Count);
            Assert.Equal(0u, fat.ReadDirectory("a/b").Single(e => e.Name == "empty too.bin").FirstCluster);
        }
    }

    [Fact]
    public void EpochTimestamp_IsClampedTo1980()
    {
        using var directory = new TempDirectory();
        string image = WriteImage(directory, Builder(EspFiles(), time: DateTimeOffset.UnixEpoch).BuildSmallest());
        FatTools.FsckClean(image);
        string listing = FatTools.Mtools(FatTools.Mdir, image, "::/EFI/BOOT").StandardOutputText;
        Assert.Matches(new Regex(@"^BOOTX64\s+EFI\s+123457 1980-01-01\s+0:00\s*$", RegexOptions.Multiline), listing);
    }

    [Fact]
    public void NoLabel_MdirReportsNone()
    {
        using var directory = new TempDirectory();
        string image = WriteImage(directory, Builder(EspFiles(), label: "").BuildSmallest());
        FatTools.FsckClean(image);
        Assert.Contains("Volume in drive : has no label", FatTools.Mtools(FatTools.Mdir, image, "::/").StandardOutputText, StringComparison.Ordinal);
        Assert.Equal("NO NAME    ", new FatTestReader(File.ReadAllBytes(image)).Ascii(43, 11));
    }

    [Fact]
    public void WrittenTwice_FilesAreIdentical()
    {
        using var directory = new TempDirectory();
        string first = WriteImage(directory, Builder(EspFiles()).BuildFat32(40L * 2048, 2048), "first.img");
        string second = WriteImage(directory, Builder(EspFiles()).BuildFat32(40L * 2048, 2048), "second.img");
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CorruptedFatEntry_MakesFsckFail(bool fat32)
    {
        using var directory = new TempDirectory();
        FatFileSystemBuilder builder = Builder(EspFiles());
        string image = WriteImage(directory, fat32 ? builder.BuildFat32(40L * 2048, 2048) : builder.BuildSmallest());
        FatTools.FsckClean(image);

        // Mark the second cluster of BOOTX64.EFI free, in both FATs so they still agree.
        byte[] bytes = File.ReadAllBytes(image);
        var fat = new FatTestReader(bytes);
        uint victim = fat.Chain(fat.ReadDirectory("EFI/BOOT").Single(e => e.Name == "BOOTX64.EFI").FirstCluster)[1];
        for (int copy = 0; copy < 2; copy++)
        {
            long offset = fat.FatEntryOffset(victim, copy);
            if (fat.Bits == 12)
            {
                ushort word = fat.U16(offset);
                word = (ushort)(victim % 2 == 0 ? word & 0xF000 : word & 0x000F);
                bytes[offset] = (byte)word;
                bytes[offset + 1] = (byte)(word >> 8);
            }
            else
            {
                bytes.AsSpan((int)offset, fat.Bits / 8).Clear();
            }
        }

        Assert.Equal(0u, new FatTestReader(bytes).FatEntry(victim));
        File.WriteAllBytes(image, bytes);

        ExternalTool.Result result = ExternalTool.RunUnchecked(FatTools.FsckFat, ["-n", image]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("/EFI/BOOT/BOOTX64.EFI", result.StandardOutputText, StringComparison.Ordinal);
        Assert.Contains("free cluster", result.StandardOutputText, StringComparison.Ordinal);
    }

    private static void AssertMinfo(string image, FatFileSystem fs, int sectorsPerCluster)
    {
        string info = FatTools.Mtools(FatTools.Minfo, image, "::").StandardOutputText;
        Assert.Contains($"cluster size: {sectorsPerCluster} sectors", info, StringComparison.Ordinal);
        Assert.Contains("reserved (boot) sectors: 32", info, StringComparison.Ordinal);
        Assert.Contains("fats: 2", info, StringComparison.Ordinal);
        Assert.Contains("media descriptor byte: 0xf8", info, StringComparison.Ordinal);
        Assert.Contains($"hidden sectors: {fs.HiddenSectors}", info, StringComparison.Ordinal);
        Assert.Contains($"big size: {fs.TotalSectors} sectors", info, StringComparison.Ordinal);
        Assert.Contains("dos4=0x29", info, StringComparison.Ordinal);
        Assert.Contains("serial number: 1234ABCD", info, StringComparison.Ordinal);
        Assert.Contains("disk label=\"AURAE      \"", info, StringComparison.Ordinal);
        Assert.Contains("disk type=\"FAT32   \"", info, StringComparison.Ordinal);
        Assert.Contains("rootCluster=2", info, StringComparison.Ordinal);
        Assert.Contains("infoSector location=1", info, StringComparison.Ordinal);
        Assert.Contains("backup boot sector=6", info, StringComparison.Ordinal);
        Assert.Contains("signature=0x41615252", info, StringComparison.Ordinal);
        Assert.Contains($"free clusters={fs.FreeClusterCount}", info, StringComparison.Ordinal);
    }
}
