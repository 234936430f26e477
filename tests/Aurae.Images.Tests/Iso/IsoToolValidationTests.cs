using System.Buffers.Binary;
using System.Globalization;
using Aurae.Images.Tests.TestSupport;
using static Aurae.Images.Tests.TestSupport.IsoToolReports;

namespace Aurae.Images.Tests.Iso;

/// <summary>
/// Independent validation of one bootable hybrid image (<see cref="IsoSampleImage"/>) with xorriso, isoinfo,
/// sgdisk, fdisk and mtools: El Torito entries, MBR and GPT, Rock Ridge names, and every file byte for byte.
/// </summary>
public sealed class IsoToolValidationTests(IsoSampleImage sample) : IClassFixture<IsoSampleImage>
{
    private const string Sgdisk = "/usr/sbin/sgdisk";
    private const string Fdisk = "/usr/sbin/fdisk";
    private const string Mtype = "/usr/bin/mtype";
    private const int DiskSector = 512;

    private static readonly Guid BasicDataType = new("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7");
    private static readonly Guid EfiSystemType = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");

    private long ImageLength => new FileInfo(sample.ImagePath).Length;

    [Fact]
    public void Xorriso_ReportsBiosAndEfiNoEmulationEntries()
    {
        string report = XorrisoReport(sample.ImagePath);
        (long bootLba, long bootLength) = FileExtent(sample.ImagePath, "/" + IsoSampleImage.BootFile);
        (long efiLba, long efiLength) = FileExtent(sample.ImagePath, "/" + IsoSampleImage.EfiImagePath);
        Assert.Equal(sample.Files[IsoSampleImage.BootFile].Length, bootLength);
        Assert.Equal(sample.EfiImage.Length, efiLength);

        // Fields: N, platform, bootable, emulation, load segment, header partition type, load size, LBA.
        string[] bios = Line(report, "El Torito boot img", "1");
        Assert.Equal(["1", "BIOS", "y", "none", "0x0000", "0x00", "4", bootLba.ToString(CultureInfo.InvariantCulture)], bios);
        string[] efi = Line(report, "El Torito boot img", "2");
        Assert.Equal(["2", "UEFI", "y", "none", "0x0000", "0x00", (sample.EfiImage.Length / 512).ToString(CultureInfo.InvariantCulture),
            efiLba.ToString(CultureInfo.InvariantCulture)], efi);
        Assert.Equal(["1", "/" + IsoSampleImage.BootFile], Line(report, "El Torito img path", "1"));
        Assert.Equal(["2", "/" + IsoSampleImage.EfiImagePath], Line(report, "El Torito img path", "2"));
        Assert.Equal(["/" + IsoSampleImage.Catalog], Lines(report, "El Torito cat path").Single());
        // xorriso recognises the patched boot info table and the isohybrid magic in the boot image.
        Assert.Equal(["1", "boot-info-table", "isohybrid-suitable"], Line(report, "El Torito img opts", "1"));
        Assert.Equal(2, Lines(report, "El Torito boot img").Count);
    }

    [Fact]
    public void Xorriso_ReportsIsohybridMbrAndGpt()
    {
        string report = XorrisoReport(sample.ImagePath);
        long diskSectors = ImageLength / DiskSector;
        (long efiLba, long efiLength) = FileExtent(sample.ImagePath, "/" + IsoSampleImage.EfiImagePath);
        string espStart = (efiLba * 4).ToString(CultureInfo.InvariantCulture);
        string espSectors = (efiLength / DiskSector).ToString(CultureInfo.InvariantCulture);

        Assert.Contains("MBR isohybrid cyl-align-on GPT", Lines(report, "System area summary").Single().Aggregate((a, b) => a + " " + b), StringComparison.Ordinal);
        Assert.Equal(["64"], Lines(report, "MBR heads per cyl").Single());
        Assert.Equal(["32"], Lines(report, "MBR secs per head").Single());
        Assert.Equal(["1", "0x80", "0x00", "0", diskSectors.ToString(CultureInfo.InvariantCulture)], Line(report, "MBR partition", "1"));
        Assert.Equal(["2", "0x00", "0xef", espStart, espSectors], Line(report, "MBR partition", "2"));
        Assert.Equal(["2", "/" + IsoSampleImage.EfiImagePath], Line(report, "MBR partition path", "2"));

        Assert.Equal([GuidHex(IsoSampleImage.DiskId)], Lines(report, "GPT disk GUID").Single());
        Assert.Equal(["34", (diskSectors - 34).ToString(CultureInfo.InvariantCulture), (diskSectors - 1).ToString(CultureInfo.InvariantCulture)],
            Lines(report, "GPT lba range").Single());
        Assert.Equal(["1", GuidHex(BasicDataType)], Line(report, "GPT type GUID", "1"));
        Assert.Equal(["1", GuidHex(IsoSampleImage.IsoId)], Line(report, "GPT partition GUID", "1"));
        Assert.Equal(["1", "34", (efiLba * 4 - 34).ToString(CultureInfo.InvariantCulture)], Line(report, "GPT start and size", "1"));
        Assert.Equal(["2", GuidHex(EfiSystemType)], Line(report, "GPT type GUID", "2"));
        Assert.Equal(["2", GuidHex(IsoSampleImage.EspId)], Line(report, "GPT partition GUID", "2"));
        Assert.Equal(["2", espStart, espSectors], Line(report, "GPT start and size", "2"));
        Assert.Equal(["2", "/" + IsoSampleImage.EfiImagePath], Line(report, "GPT partition path", "2"));
    }

    [Fact]
    public void Image_IsPaddedToWholeMebibytesAndTheVolumeCoversIt()
    {
        Assert.Equal(0, ImageLength % (1024 * 1024));
        string info = ExternalTool.Run(Isoinfo, ["-d", "-i", sample.ImagePath]).StandardOutputText;
        Assert.Contains($"Volume size is: {ImageLength / 2048}\n", info, StringComparison.Ordinal);
    }

    [Fact]
    public void Isoinfo_DescribesVolumeElToritoAndRockRidge()
    {
        string info = ExternalTool.Run(Isoinfo, ["-d", "-i", sample.ImagePath]).StandardOutputText;
        string report = XorrisoReport(sample.ImagePath);
        string catalogLba = Lines(report, "El Torito catalog").Single()[0];
        (long bootLba, _) = FileExtent(sample.ImagePath, "/" + IsoSampleImage.BootFile);

        Assert.Contains($"Volume id: {IsoSampleImage.VolumeId}\n", info, StringComparison.Ordinal);
        Assert.Contains("Logical block size is: 2048\n", info, StringComparison.Ordinal);
        Assert.Contains($"El Torito VD version 1 found, boot catalog is in sector {catalogLba}\n", info, StringComparison.Ordinal);
        Assert.Contains("Rock Ridge signatures version 1 found", info, StringComparison.Ordinal);
        Assert.Contains("Arch 0 (x86)", info, StringComparison.Ordinal);
        Assert.Contains("Key 55 AA", info, StringComparison.Ordinal);
        Assert.Contains("Bootid 88 (bootable)", info, StringComparison.Ordinal);
        Assert.Contains("Boot media 0 (No Emulation Boot)", info, StringComparison.Ordinal);
        Assert.Contains("Nsect 4\n", info, StringComparison.Ordinal);
        Assert.Contains($"Bootoff {bootLba:X} {bootLba}\n", info, StringComparison.Ordinal);
    }

    [Fact]
    public void IsoinfoRockRidge_ListsEveryPathUnderItsOriginalName()
    {
        string listing = ExternalTool.Run(Isoinfo, ["-R", "-f", "-i", sample.ImagePath]).StandardOutputText;
        var listed = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var expected = sample.Files.Keys.Concat(sample.Directories).Append(IsoSampleImage.BigFile).Append(IsoSampleImage.Catalog)
            .Select(path => "/" + path).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void IsoinfoRockRidge_ShowsPosixModesAndLinkCounts()
    {
        string listing = ExternalTool.Run(Isoinfo, ["-R", "-l", "-i", sample.ImagePath]).StandardOutputText;
        string[][] rows = listing.Split('\n').Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        string[] vmlinuz = rows.Single(row => row.Length > 0 && row[^1] == "vmlinuz");
        Assert.Equal(["-rw-r--r--", "1", "0", "0", "1000003"], vmlinuz[..5]);
        // "a" holds one subdirectory: 2 + 1 links.
        string[] a = rows.Single(row => row.Length > 0 && row[^1] == "a");
        Assert.Equal(["drwxr-xr-x", "3", "0", "0", "2048"], a[..5]);
        // 150 records do not fit one sector: the directory spans several, records never crossing a boundary.
        string[] many = rows.Single(row => row.Length > 0 && row[^1] == "many");
        Assert.True(long.Parse(many[4], CultureInfo.InvariantCulture) >= 4 * 2048, string.Join(' ', many));
    }

    [Fact]
    public void IsoinfoPlain_ShowsLevelTwoIdentifiersInEcma119Order()
    {
        string listing = ExternalTool.Run(Isoinfo, ["-l", "-i", sample.ImagePath]).StandardOutputText;
        string rootBlock = listing.Split("\n\n").Single(block => block.TrimStart('\n').StartsWith("Directory listing of /\n", StringComparison.Ordinal));
        List<string> root = rootBlock.TrimStart('\n').Split('\n').Skip(3) // heading, ".", ".."
            .Where(line => line.Length > 0)
            .Select(line => line[(line.IndexOf(']', StringComparison.Ordinal) + 3)..].TrimEnd())
            .ToList();
        Assert.Contains("FOO.TXT;1", root);
        Assert.Contains("FOO_1.TXT;1", root);     // "foo.txt" collides with "FOO.TXT" and is told apart
        Assert.Contains("A_B.TXT;1", root);
        Assert.Contains("A_B_1.TXT;1", root);
        Assert.Contains("ARCHIVE_TAR.GZ;1", root);
        Assert.Contains(".HIDDEN;1", root);
        Assert.Contains("LONG_NAME_WITH_SPACES_AND_L.TXT;1", root);
        Assert.Contains(new string('M', 30) + ".;1", root);
        Assert.All(root, name => Assert.Matches("^[A-Z0-9_]*(\\.[A-Z0-9_]*;1)?$", name));
        Assert.All(root, name => Assert.True(name.Replace(".", "", StringComparison.Ordinal).Replace(";1", "", StringComparison.Ordinal).Length <= 31, name));

        // ECMA-119 §9.3: name, then extension, each padded with spaces.
        static (string Name, string Extension) Key(string identifier)
        {
            string bare = identifier.EndsWith(";1", StringComparison.Ordinal) ? identifier[..^2] : identifier;
            int dot = bare.IndexOf('.', StringComparison.Ordinal);
            return dot < 0 ? (bare, "") : (bare[..dot], bare[(dot + 1)..]);
        }

        static int Compare(string x, string y)
        {
            int length = Math.Max(x.Length, y.Length);
            return string.CompareOrdinal(x.PadRight(length), y.PadRight(length));
        }

        for (int i = 1; i < root.Count; i++)
        {
            (string prevName, string prevExt) = Key(root[i - 1]);
            (string name, string ext) = Key(root[i]);
            int order = Compare(prevName, name);
            Assert.True(order < 0 || (order == 0 && Compare(prevExt, ext) < 0), $"'{root[i - 1]}' is recorded before '{root[i]}'.");
        }
    }

    [Fact]
    public void XorrisoExtraction_RestoresEveryFileByteForByte()
    {
        string target = sample.Temp.Combine("extracted");
        ExternalTool.Run(Xorriso, ["-osirrox", "on", "-indev", sample.ImagePath, "-extract", "/", target]);

        var extractedFiles = Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(target, path)).ToHashSet(StringComparer.Ordinal);
        var extractedDirectories = Directory.EnumerateDirectories(target, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(target, path)).ToHashSet(StringComparer.Ordinal);
        var expectedFiles = sample.Files.Keys.Append(IsoSampleImage.BigFile).Append(IsoSampleImage.Catalog).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expectedFiles.Order(StringComparer.Ordinal), extractedFiles.Order(StringComparer.Ordinal));
        Assert.Equal(sample.Directories.Order(StringComparer.Ordinal), extractedDirectories.Order(StringComparer.Ordinal));

        foreach ((string path, byte[] expected) in sample.Files)
        {
            byte[] actual = File.ReadAllBytes(Path.Combine(target, path));
            if (path == IsoSampleImage.BootFile)
            {
                // The image holds the copy with the boot info table in bytes 8-63; everything else is the original.
                Assert.Equal(expected.Length, actual.Length);
                Assert.True(expected.AsSpan(0, 8).SequenceEqual(actual.AsSpan(0, 8)), path);
                Assert.True(expected.AsSpan(64).SequenceEqual(actual.AsSpan(64)), path);
            }
            else
            {
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"{path}: {actual.Length} bytes differ from the {expected.Length} added.");
            }
        }

        Assert.True(sample.BigFileContent.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(target, IsoSampleImage.BigFile))),
            "The 40 MB streamed file differs.");
        Assert.Equal(2048, new FileInfo(Path.Combine(target, IsoSampleImage.Catalog)).Length);
    }

    [Fact]
    public void BootInfoTable_IsPatchedIntoTheBootFilesCopy()
    {
        (long bootLba, long bootLength) = FileExtent(sample.ImagePath, "/" + IsoSampleImage.BootFile);
        byte[] original = sample.Files[IsoSampleImage.BootFile];
        byte[] copy = ReadImage(bootLba * 2048, (int)bootLength);

        uint checksum = 0;
        for (int offset = 64; offset < original.Length; offset += 4)
        {
            var word = new byte[4];
            original.AsSpan(offset, Math.Min(4, original.Length - offset)).CopyTo(word);
            checksum += BinaryPrimitives.ReadUInt32LittleEndian(word);
        }

        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(8)));            // bi_pvd
        Assert.Equal((uint)bootLba, BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(12)));  // bi_file
        Assert.Equal((uint)original.Length, BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(16))); // bi_length
        Assert.Equal(checksum, BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(20)));      // bi_csum
        Assert.All(copy[24..64], b => Assert.Equal(0, b));                                      // bi_reserved
        Assert.True(original.AsSpan(0, 8).SequenceEqual(copy.AsSpan(0, 8)));
        Assert.True(original.AsSpan(64).SequenceEqual(copy.AsSpan(64)));
        Assert.Equal(0x7078C0FBu, BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(0x40)));
    }

    [Fact]
    public void Mbr_HoldsIsohdpfxCodeBootFileLbaAndSignature()
    {
        (long bootLba, _) = FileExtent(sample.ImagePath, "/" + IsoSampleImage.BootFile);
        byte[] mbr = ReadImage(0, DiskSector);
        byte[] code = File.ReadAllBytes(IsoSampleImage.IsohdpfxPath);
        Assert.True(code.AsSpan(0, 432).SequenceEqual(mbr.AsSpan(0, 432)));
        Assert.Equal((ulong)bootLba * 4, BinaryPrimitives.ReadUInt64LittleEndian(mbr.AsSpan(432)));
        Assert.Equal(IsoSampleImage.DiskSignature, BinaryPrimitives.ReadUInt32LittleEndian(mbr.AsSpan(440)));
        Assert.Equal(0x55, mbr[510]);
        Assert.Equal(0xAA, mbr[511]);
    }

    [Fact]
    public void Fdisk_ListsTheTwoIsohybridMbrPartitions()
    {
        string output = ExternalTool.Run(Fdisk, ["-l", sample.ImagePath]).StandardOutputText;
        long diskSectors = ImageLength / DiskSector;
        (long efiLba, long efiLength) = FileExtent(sample.ImagePath, "/" + IsoSampleImage.EfiImagePath);

        Assert.Contains("Disklabel type: dos", output, StringComparison.Ordinal);
        Assert.Contains($"Disk identifier: 0x{IsoSampleImage.DiskSignature:x8}", output, StringComparison.Ordinal);
        string[] partitions = output.Split('\n').Where(line => line.StartsWith(sample.ImagePath, StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, partitions.Length);
        Assert.Equal([sample.ImagePath + "1", "*", "0", $"{diskSectors - 1}", $"{diskSectors}"],
            partitions[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..5]);
        Assert.EndsWith(" 0 Empty", partitions[0], StringComparison.Ordinal);
        long espStart = efiLba * 4;
        long espSectors = efiLength / DiskSector;
        Assert.Equal([sample.ImagePath + "2", $"{espStart}", $"{espStart + espSectors - 1}", $"{espSectors}"],
            partitions[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..4]);
        Assert.Contains(" ef EFI (FAT-12/16/32)", partitions[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Sgdisk_FindsOnlyTheInherentIsohybridMbrOverlap()
    {
        // isohybrid's MBR partition 1 (type 0x00, whole image) necessarily contains partition 2 (the ESP). sgdisk
        // counts that overlap as its only problem, and, since the MBR has no 0xEE entry, declines to pick the GPT
        // for editing (exit code 2) after verifying it.
        ExternalTool.Result result = ExternalTool.RunUnchecked(Sgdisk, ["-v", sample.ImagePath]);
        string output = result.StandardOutputText;
        Assert.Contains("Problem: MBR partitions 1 and 2 overlap!", output, StringComparison.Ordinal);
        Assert.Contains("Identified 1 problems!", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CRC", output, StringComparison.Ordinal);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void Sgdisk_VerifiesTheGptCleanlyBehindAProtectiveMbr()
    {
        // The same image with a protective MBR (one 0xEE entry) in place of the isohybrid table: sgdisk then
        // checks the GPT alone (headers, CRCs, backup location, usable range, overlaps) and must find nothing.
        string copy = sample.Temp.Combine("protective.iso");
        File.Copy(sample.ImagePath, copy, overwrite: true);
        long diskSectors = ImageLength / DiskSector;
        using (FileStream stream = File.Open(copy, FileMode.Open, FileAccess.ReadWrite))
        {
            var table = new byte[64];
            table[4] = 0xEE;
            table[1] = 0x00; table[2] = 0x02; table[3] = 0x00;   // CHS of LBA 1
            table[5] = 0xFF; table[6] = 0xFF; table[7] = 0xFF;
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(8), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(12), (uint)(diskSectors - 1));
            stream.Position = 446;
            stream.Write(table);
        }

        ExternalTool.Result verify = ExternalTool.Run(Sgdisk, ["-v", copy]);
        Assert.Contains("No problems found.", verify.StandardOutputText, StringComparison.Ordinal);

        string print = ExternalTool.Run(Sgdisk, ["-p", copy]).StandardOutputText;
        (long efiLba, long efiLength) = FileExtent(sample.ImagePath, "/" + IsoSampleImage.EfiImagePath);
        string[][] rows = print.Split('\n').SkipWhile(line => !line.StartsWith("Number", StringComparison.Ordinal)).Skip(1)
            .Where(line => line.Trim().Length > 0).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal(["1", "34", $"{efiLba * 4 - 1}"], rows[0][..3]);
        Assert.Equal(["0700", "ISO9660"], rows[0][^2..]);
        Assert.Equal(["2", $"{efiLba * 4}", $"{efiLba * 4 + efiLength / DiskSector - 1}"], rows[1][..3]);
        Assert.Equal(["EF00", "EFI", "System", "Partition"], rows[1][^4..]);
    }

    [Fact]
    public void EspPartition_IsTheFatImageWithBootx64()
    {
        (long efiLba, _) = FileExtent(sample.ImagePath, "/" + IsoSampleImage.EfiImagePath);
        string at = $"{sample.ImagePath}@@{efiLba * 2048}";
        ExternalTool.Result result = ExternalTool.Run(Mtype, ["-i", at, "::/EFI/BOOT/BOOTX64.EFI"]);
        Assert.Equal("BOOTX64.EFI payload"u8.ToArray(), result.StandardOutput);
    }

    private byte[] ReadImage(long offset, int length)
    {
        using FileStream stream = File.OpenRead(sample.ImagePath);
        stream.Position = offset;
        var buffer = new byte[length];
        stream.ReadExactly(buffer);
        return buffer;
    }
}
