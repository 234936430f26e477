using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;

namespace Aurae.Composer.Tests.Build;

/// <summary>One node built with `compression: gzip` and once with `compression: none`, for every test of the class.</summary>
public sealed class CompressionBuilds : IDisposable
{
    public CompressionBuilds()
    {
        var builder = new NodeImageBuilder(DaemonBinary.Load(Workspace.Daemon));
        foreach (var compression in new[] { "gzip", "none" })
        {
            var yaml = Workspace.WriteNodeYaml(fileName: $"{compression}.yaml", modules: "[virtio_net]", compression: compression);
            builder.Build(NodeConfigLoader.Load(yaml), Workspace.OutputDirectory(compression));
        }
    }

    public BuildWorkspace Workspace { get; } = new();

    public string Image(string compression) => Path.Combine(Workspace.OutputDirectory(compression), "initramfs.img");

    public void Dispose() => Workspace.Dispose();
}

/// <summary>The other initramfs compressions give archives the standard tools read.</summary>
public sealed class CompressionTests(CompressionBuilds builds) : IClassFixture<CompressionBuilds>
{
    [Theory]
    [InlineData("gzip")]
    [InlineData("none")]
    public void Cpio_lists_the_archive(string compression)
    {
        var listing = CpioListing.Of(builds.Image(compression), compression);

        Assert.Contains(listing, e => e.Path == "init" && e.Mode == "-rwxr-xr-x");
        Assert.Contains(listing, e => e.Path == "dev/console" && e is { Major: 5, Minor: 1 });
        Assert.Contains(listing, e => e.Path == "etc/aurae/node.json");
        Assert.Contains(listing, e => e.Path == "etc/aurae/pki/node.key" && e.Mode == "-rw-------");
        Assert.Contains(listing, e => e.Path.EndsWith("/kernel/drivers/net/virtio_net.ko", StringComparison.Ordinal));
    }

    [Fact]
    public void Gzip_writes_a_gzip_member_that_gzip_verifies()
    {
        var image = File.ReadAllBytes(builds.Image("gzip"));

        // RFC 1952 section 2.3.1: ID1 ID2 = 0x1f 0x8b, CM = 8 (deflate).
        Assert.Equal(new byte[] { 0x1F, 0x8B, 0x08 }, image[..3]);
        Shell.Succeed($"gzip -t {Shell.Quote(builds.Image("gzip"))}");
    }

    [Fact]
    public void None_writes_the_bare_newc_archive()
    {
        var image = File.ReadAllBytes(builds.Image("none"));

        Assert.Equal("070701"u8.ToArray(), image[..6]);
        Assert.Equal(0, image.Length % 4);
    }

    [Fact]
    public void Both_compress_the_same_archive()
    {
        var decompressed = Path.Combine(builds.Workspace.Root, "gzip-decompressed.cpio");
        Shell.Succeed($"gzip -dc {Shell.Quote(builds.Image("gzip"))} > {Shell.Quote(decompressed)}");

        Assert.True(File.ReadAllBytes(decompressed).AsSpan().SequenceEqual(File.ReadAllBytes(builds.Image("none"))),
            "gzip -dc of the gzip image differs from the uncompressed image");
    }
}
