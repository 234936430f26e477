using System.IO.Compression;
using System.Text;
using Aurae.Composer.KernelRequirements;

namespace Aurae.Composer.Tests.KernelRequirements;

public sealed class EmbeddedKernelConfigTests
{
    private const string Config = "CONFIG_IKCONFIG=y\nCONFIG_MEMCG=y\n";

    [Fact]
    public void ExtractsTheGzipBetweenTheMarkers()
    {
        var vmlinux = Vmlinux(Gzip(Config), withEndMarker: true);
        Assert.Equal(Config, EmbeddedKernelConfig.Extract(vmlinux, "vmlinux"));
    }

    [Fact]
    public void ExtractsWithoutAnEndMarker()
    {
        Assert.Equal(Config, EmbeddedKernelConfig.Extract(Vmlinux(Gzip(Config), withEndMarker: false), "vmlinux"));
    }

    [Fact]
    public void SaysWhenTheKernelHasNoConfig()
    {
        var error = Assert.Throws<InvalidDataException>(() => EmbeddedKernelConfig.Extract("\u007fELF no config here"u8, "vmlinux"));
        Assert.Equal("vmlinux: this kernel was built without CONFIG_IKCONFIG; give its config file", error.Message);
    }

    [Fact]
    public void RejectsCorruptGzip()
    {
        var error = Assert.Throws<InvalidDataException>(() => EmbeddedKernelConfig.Extract(Vmlinux("not gzip"u8.ToArray(), true), "vmlinux"));
        Assert.StartsWith("vmlinux: the configuration after IKCFG_ST is not valid gzip data", error.Message);
    }

    internal static byte[] Vmlinux(byte[] gzip, bool withEndMarker)
    {
        using var image = new MemoryStream();
        image.Write("\u007fELF"u8);
        image.Write(new byte[100]);
        image.Write("IKCFG_ST"u8);
        image.Write(gzip);
        if (withEndMarker)
            image.Write("IKCFG_ED"u8);
        image.Write(new byte[100]);
        return image.ToArray();
    }

    internal static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }
}
