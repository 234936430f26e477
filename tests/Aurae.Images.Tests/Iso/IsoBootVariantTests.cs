using Aurae.Images.Iso;
using Aurae.Images.Tests.TestSupport;
using static Aurae.Images.Tests.TestSupport.IsoToolReports;

namespace Aurae.Images.Tests.Iso;

/// <summary>The boot configurations besides the full sample: EFI only, BIOS only, a large EFI image, hybrid without EFI.</summary>
public sealed class IsoBootVariantTests : IDisposable
{
    private const string Sgdisk = "/usr/sbin/sgdisk";
    private static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000);

    private readonly TempDirectory _temp = new();

    private string Write(IsoImageBuilder builder, string name)
    {
        string path = _temp.Combine(name);
        using FileStream output = File.Create(path);
        builder.WriteTo(output);
        return path;
    }

    [Fact]
    public void EfiOnly_HasAnEfiValidationEntryAndAnUnlistedCatalog()
    {
        byte[] efiImage = IsoSampleImage.CreateEfiImage(_temp, "efi only"u8.ToArray(), kibibytes: 1440);
        var builder = new IsoImageBuilder("EFI_ONLY", Time) { EfiBoot = new ElToritoEfiBoot("efi.img") };
        builder.AddFile("efi.img", efiImage);
        string image = Write(builder, "efi-only.iso");

        string report = XorrisoReport(image);
        (long efiLba, _) = FileExtent(image, "/efi.img");
        Assert.Equal(["1", "UEFI", "y", "none", "0x0000", "0x00", "2880", efiLba.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Line(report, "El Torito boot img", "1"));
        Assert.Single(Lines(report, "El Torito boot img"));
        Assert.Empty(Lines(report, "El Torito cat path"));

        string info = ExternalTool.Run(Isoinfo, ["-d", "-i", image]).StandardOutputText;
        Assert.Contains("Arch 239", info, StringComparison.Ordinal); // validation entry platform 0xEF
        string listing = ExternalTool.Run(Isoinfo, ["-R", "-f", "-i", image]).StandardOutputText;
        Assert.Equal("/efi.img\n", listing);
    }

    [Fact]
    public void AnEfiImageOver32MiB_HasSectorCountZero()
    {
        const int length = (32 * 1024 * 1024) + 2048;
        var builder = new IsoImageBuilder("BIG_EFI", Time) { EfiBoot = new ElToritoEfiBoot("EFI/efi.img") };
        builder.AddFile("EFI/efi.img", IsoSampleImage.Pattern(length, seed: 9));
        string image = Write(builder, "big-efi.iso");

        string report = XorrisoReport(image);
        (long efiLba, long efiLength) = FileExtent(image, "/EFI/efi.img");
        Assert.Equal(length, efiLength);
        string[] entry = Line(report, "El Torito boot img", "1");
        Assert.Equal("UEFI", entry[1]);
        Assert.Equal(efiLba.ToString(System.Globalization.CultureInfo.InvariantCulture), entry[7]);

        // Read the catalog's own field: xorriso may show its idea of the image size instead of the stored 0.
        long catalogLba = long.Parse(Lines(report, "El Torito catalog").Single()[0], System.Globalization.CultureInfo.InvariantCulture);
        using FileStream stream = File.OpenRead(image);
        stream.Position = (catalogLba * 2048) + 32 + 6; // default entry, Sector Count
        var sectorCount = new byte[2];
        stream.ReadExactly(sectorCount);
        Assert.Equal([0, 0], sectorCount);
    }

    [Fact]
    public void BiosOnlyCd_HasNoSystemAreaAndStillPatchesTheBootInfoTable()
    {
        byte[] isolinux = File.ReadAllBytes(ExternalTool.Require(IsoSampleImage.IsolinuxBinPath));
        var builder = new IsoImageBuilder("BIOS_CD", Time) { BiosBoot = new ElToritoBiosBoot("isolinux/isolinux.bin", "isolinux/boot.cat") };
        builder.AddFile("isolinux/isolinux.bin", isolinux);
        builder.AddFile("isolinux/ldlinux.c32", File.ReadAllBytes(ExternalTool.Require(IsoSampleImage.LdlinuxPath)));
        string image = Write(builder, "bios-cd.iso");

        string report = XorrisoReport(image);
        Assert.Single(Lines(report, "El Torito boot img"));
        Assert.Equal("BIOS", Line(report, "El Torito boot img", "1")[1]);
        Assert.Equal(["1", "boot-info-table", "isohybrid-suitable"], Line(report, "El Torito img opts", "1"));
        Assert.Empty(Lines(report, "MBR partition"));
        Assert.Empty(Lines(report, "GPT disk GUID"));
        byte[] bytes = File.ReadAllBytes(image);
        Assert.All(bytes[..(16 * 2048)], b => Assert.Equal(0, b));
        Assert.NotEqual(0, bytes.Length % (1024 * 1024)); // not padded without Hybrid
    }

    [Fact]
    public void HybridWithoutEfi_HasOneMbrPartitionAndOneGptEntry()
    {
        byte[] isolinux = File.ReadAllBytes(ExternalTool.Require(IsoSampleImage.IsolinuxBinPath));
        var builder = new IsoImageBuilder("BIOS_USB", Time)
        {
            BiosBoot = new ElToritoBiosBoot("isolinux.bin", "boot.cat"),
            Hybrid = new IsoHybridOptions(File.ReadAllBytes(IsoSampleImage.IsohdpfxPath), 7, IsoSampleImage.DiskId, IsoSampleImage.EspId, IsoSampleImage.IsoId),
        };
        builder.AddFile("isolinux.bin", isolinux);
        builder.AddFile("data.bin", IsoSampleImage.Pattern(3 * 1024 * 1024, seed: 5));
        string image = Write(builder, "bios-usb.iso");
        long length = new FileInfo(image).Length;

        string report = XorrisoReport(image);
        Assert.Equal(4 * 1024 * 1024, length);
        Assert.Equal(["1", "0x80", "0x00", "0", (length / 512).ToString(System.Globalization.CultureInfo.InvariantCulture)], Line(report, "MBR partition", "1"));
        Assert.Single(Lines(report, "MBR partition"));
        Assert.Single(Lines(report, "GPT start and size"));
        // The GPT entry covers the ISO 9660 data: from the first usable sector to the end of the last file.
        long dataEnd = new[] { "/data.bin", "/isolinux.bin" }
            .Select(path => FileExtent(image, path))
            .Max(extent => (extent.Lba * 4) + ((extent.Length + 2047) / 2048 * 4));
        Assert.Equal(["1", "34", (dataEnd - 34).ToString(System.Globalization.CultureInfo.InvariantCulture)], Line(report, "GPT start and size", "1"));

        ExternalTool.Result verify = ExternalTool.RunUnchecked(Sgdisk, ["-v", image]);
        Assert.Contains("No problems found.", verify.StandardOutputText, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
