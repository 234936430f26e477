using System.Security.Cryptography;
using Aurae.Images.Iso;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Iso;

/// <summary>Reproducibility and the rejection of bad input, through the public API.</summary>
public sealed class IsoImageBuilderTests(IsoSampleImage sample) : IClassFixture<IsoSampleImage>
{
    private static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly byte[] Isolinux = File.ReadAllBytes(ExternalTool.Require(IsoSampleImage.IsolinuxBinPath));
    private static readonly byte[] Isohdpfx = File.ReadAllBytes(ExternalTool.Require(IsoSampleImage.IsohdpfxPath));

    private static IsoHybridOptions Hybrid() => new(Isohdpfx, 1, IsoSampleImage.DiskId, IsoSampleImage.EspId, IsoSampleImage.IsoId);

    private static byte[] Write(IsoImageBuilder builder)
    {
        using var output = new MemoryStream();
        builder.WriteTo(output);
        return output.ToArray();
    }

    [Fact]
    public void SameInputs_GiveIdenticalBytes()
    {
        byte[] first = SHA256.HashData(Write(sample.CreateBuilder()));
        byte[] second = SHA256.HashData(Write(sample.CreateBuilder()));
        Assert.Equal(first, second);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(sample.ImagePath)), first);
    }

    [Fact]
    public void WritingTwice_GivesIdenticalBytes_AndTheBuilderIsUnchanged()
    {
        IsoImageBuilder builder = sample.CreateBuilder();
        byte[] first = SHA256.HashData(Write(builder));
        Assert.False(builder.Contains(IsoSampleImage.Catalog)); // the catalog is the layout's, not the tree's
        Assert.Equal(first, SHA256.HashData(Write(builder)));
    }

    [Fact]
    public void AddOrder_DoesNotChangeTheImage()
    {
        var forward = new IsoImageBuilder("ORDER", Time);
        var backward = new IsoImageBuilder("ORDER", Time);
        string[] paths = ["b/two.txt", "a/one.txt", "c.txt", "A.TXT", "a/z/deep.bin"];
        foreach (string path in paths)
        {
            forward.AddFile(path, System.Text.Encoding.UTF8.GetBytes(path));
        }

        foreach (string path in paths.Reverse())
        {
            backward.AddFile(path, System.Text.Encoding.UTF8.GetBytes(path));
        }

        Assert.Equal(Write(forward), Write(backward));
    }

    [Fact]
    public void TheTimestamp_IsTheOnlyTimeInTheImage()
    {
        static byte[] Build(DateTimeOffset time)
        {
            var builder = new IsoImageBuilder("TIME", time);
            builder.AddFile("f.txt", "x"u8.ToArray());
            return Write(builder);
        }

        byte[] a = Build(Time);
        byte[] b = Build(Time.AddSeconds(1));
        Assert.NotEqual(a, b);
        Assert.Equal(a, Build(Time));
    }

    [Fact]
    public void ComputeLength_MatchesTheWrittenLength()
    {
        IsoImageBuilder builder = sample.CreateBuilder();
        Assert.Equal(new FileInfo(sample.ImagePath).Length, builder.ComputeLength());
    }

    [Fact]
    public void APlainImage_HasAnEmptySystemAreaAndNoPadding()
    {
        var builder = new IsoImageBuilder("PLAIN", Time);
        builder.AddFile("hello.txt", "hello"u8.ToArray());
        byte[] image = Write(builder);
        Assert.All(image[..(16 * 2048)], b => Assert.Equal(0, b));
        Assert.Equal(255, image[17 * 2048]); // terminator right after the PVD: no boot record
        // From sector 16: PVD, terminator, L and M path tables, root directory, Rock Ridge ER continuation, data.
        Assert.Equal((16 + 7) * 2048, image.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs/path")]
    [InlineData("a//b")]
    [InlineData("trailing/")]
    [InlineData("a/../b")]
    [InlineData("./a")]
    [InlineData("nul\0name")]
    public void InvalidPaths_AreRejected(string path)
    {
        var builder = new IsoImageBuilder("BAD", Time);
        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => builder.AddFile(path, "x"u8.ToArray()));
        Assert.Equal("path", error.ParamName);
        Assert.ThrowsAny<ArgumentException>(() => builder.AddDirectory(path));
    }

    [Fact]
    public void ANameOver255Utf8Bytes_IsRejected()
    {
        var builder = new IsoImageBuilder("LONG", Time);
        builder.AddFile(new string('x', 255), "ok"u8.ToArray());
        ArgumentException ascii = Assert.Throws<ArgumentException>(() => builder.AddFile("dir/" + new string('y', 256), "x"u8.ToArray()));
        Assert.Contains("256 UTF-8 bytes", ascii.Message, StringComparison.Ordinal);
        // 128 two-byte characters: 128 UTF-16 code units but 256 UTF-8 bytes.
        Assert.Throws<ArgumentException>(() => builder.AddDirectory(new string('ü', 128)));
    }

    [Fact]
    public void DuplicatePaths_AreRejected()
    {
        var builder = new IsoImageBuilder("DUP", Time);
        builder.AddFile("boot/vmlinuz", "a"u8.ToArray());
        ArgumentException file = Assert.Throws<ArgumentException>(() => builder.AddFile("boot/vmlinuz", "b"u8.ToArray()));
        Assert.Contains("Duplicate", file.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => builder.AddDirectory("boot/vmlinuz"));
        Assert.Throws<ArgumentException>(() => builder.AddFile("boot", "c"u8.ToArray())); // implied directory
        Assert.Throws<ArgumentException>(() => builder.AddFile("boot/vmlinuz/inner", "d"u8.ToArray())); // beneath a file

        builder.AddDirectory("boot"); // an implied directory may be given explicitly once
        Assert.Throws<ArgumentException>(() => builder.AddDirectory("boot"));
        Assert.True(builder.Contains("boot/vmlinuz"));
        Assert.False(builder.Contains("boot/initrd"));
    }

    [Fact]
    public void InvalidModesAndLengths_AreRejected()
    {
        var builder = new IsoImageBuilder("MODE", Time);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddFile("f", "x"u8.ToArray(), (UnixFileMode)0x81A4)); // S_IFREG | 0644
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddFile("g", () => Stream.Null, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddFile("h", () => Stream.Null, (long)uint.MaxValue + 1));
    }

    [Theory]
    [InlineData("lowercase")]
    [InlineData("")]
    [InlineData("THIS VOLUME IDENTIFIER IS TOO LONG")]
    [InlineData("TAB\tHERE")]
    public void InvalidVolumeIdentifiers_AreRejected(string volumeIdentifier)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new IsoImageBuilder(volumeIdentifier, Time));
        Assert.Equal("volumeIdentifier", error.ParamName);
    }

    [Fact]
    public void TimestampsOutsideTheRecordableYears_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IsoImageBuilder("T", new DateTimeOffset(1899, 12, 31, 0, 0, 0, TimeSpan.Zero)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IsoImageBuilder("T", new DateTimeOffset(2156, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void ABootFileNotInTheTree_IsRejected()
    {
        var builder = new IsoImageBuilder("BOOT", Time) { BiosBoot = new ElToritoBiosBoot("isolinux/isolinux.bin", "isolinux/boot.cat") };
        builder.AddFile("isolinux/ldlinux.c32", "x"u8.ToArray());
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => Write(builder));
        Assert.Contains("'isolinux/isolinux.bin' is not in the image tree", error.Message, StringComparison.Ordinal);

        builder.AddDirectory("isolinux/isolinux.bin");
        Assert.Contains("is a directory", Assert.Throws<InvalidOperationException>(() => Write(builder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEfiImageNotInTheTreeOrEmpty_IsRejected()
    {
        var builder = new IsoImageBuilder("EFI", Time) { EfiBoot = new ElToritoEfiBoot("EFI/efi.img") };
        Assert.Contains("'EFI/efi.img' is not in the image tree", Assert.Throws<InvalidOperationException>(() => Write(builder)).Message, StringComparison.Ordinal);
        builder.AddFile("EFI/efi.img", ReadOnlyMemory<byte>.Empty);
        Assert.Contains("is empty", Assert.Throws<InvalidOperationException>(() => Write(builder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACatalogPathAlreadyInTheTree_IsRejected()
    {
        var builder = new IsoImageBuilder("CAT", Time) { BiosBoot = new ElToritoBiosBoot("isolinux.bin", "boot.cat") };
        builder.AddFile("isolinux.bin", Isolinux);
        builder.AddFile("boot.cat", "mine"u8.ToArray());
        Assert.Contains("boot catalog path 'boot.cat' is already in the image tree",
            Assert.Throws<InvalidOperationException>(() => Write(builder)).Message, StringComparison.Ordinal);

        var throughFile = new IsoImageBuilder("CAT", Time) { BiosBoot = new ElToritoBiosBoot("isolinux.bin", "isolinux.bin/boot.cat") };
        throughFile.AddFile("isolinux.bin", Isolinux);
        Assert.Throws<InvalidOperationException>(() => Write(throughFile));
    }

    [Fact]
    public void HybridWithoutTheIsohybridMagic_IsRefusedWithTheReason()
    {
        byte[] bootFile = (byte[])Isolinux.Clone();
        bootFile[0x40] ^= 0xFF;
        var builder = new IsoImageBuilder("MAGIC", Time)
        {
            BiosBoot = new ElToritoBiosBoot("isolinux.bin", "boot.cat"),
            Hybrid = Hybrid(),
        };
        builder.AddFile("isolinux.bin", bootFile);
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => Write(builder));
        Assert.Contains("lacks the isohybrid magic 0x7078C0FB at offset 0x40", error.Message, StringComparison.Ordinal);

        builder.Hybrid = null; // as a CD image the same boot file is fine
        Assert.NotEmpty(Write(builder));
    }

    [Fact]
    public void HybridWithoutBiosBoot_IsRejected()
    {
        var builder = new IsoImageBuilder("HYB", Time) { Hybrid = Hybrid() };
        builder.AddFile("x", "x"u8.ToArray());
        Assert.Contains("needs a BIOS boot entry", Assert.Throws<InvalidOperationException>(() => Write(builder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABootFileTooShortForTheBootInfoTable_IsRejected()
    {
        var builder = new IsoImageBuilder("SHORT", Time) { BiosBoot = new ElToritoBiosBoot("tiny.bin", "boot.cat") };
        builder.AddFile("tiny.bin", new byte[63]);
        Assert.Contains("at least 64", Assert.Throws<InvalidOperationException>(() => Write(builder)).Message, StringComparison.Ordinal);
        builder.BiosBoot = new ElToritoBiosBoot("tiny.bin", "boot.cat", PatchBootInfoTable: false);
        Assert.NotEmpty(Write(builder));
    }

    [Fact]
    public void AStreamOfTheWrongLength_FailsTheWrite()
    {
        var shorter = new IsoImageBuilder("STREAM", Time);
        shorter.AddFile("f", () => new MemoryStream(new byte[10]), 11);
        Assert.Contains("ended after 10 bytes", Assert.Throws<InvalidDataException>(() => Write(shorter)).Message, StringComparison.Ordinal);

        var longer = new IsoImageBuilder("STREAM", Time);
        longer.AddFile("f", () => new MemoryStream(new byte[12]), 11);
        Assert.Contains("continued past", Assert.Throws<InvalidDataException>(() => Write(longer)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BootAndHybridOptions_ValidateTheirArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ElToritoBiosBoot("a.bin", "boot.cat", LoadSectors: 0));
        Assert.Throws<ArgumentException>(() => new ElToritoBiosBoot("same", "same"));
        Assert.Throws<ArgumentException>(() => new ElToritoBiosBoot("/abs.bin", "boot.cat"));
        Assert.Throws<ArgumentException>(() => new ElToritoEfiBoot("EFI//efi.img"));
        Assert.Throws<ArgumentException>(() => new IsoHybridOptions(new byte[431], 1, IsoSampleImage.DiskId, IsoSampleImage.EspId, IsoSampleImage.IsoId));
        Assert.Throws<ArgumentException>(() => new IsoHybridOptions(Isohdpfx, 1, Guid.Empty, IsoSampleImage.EspId, IsoSampleImage.IsoId));
        Assert.Throws<ArgumentException>(() => new IsoHybridOptions(Isohdpfx, 1, IsoSampleImage.DiskId, IsoSampleImage.EspId, IsoSampleImage.EspId));
    }
}
