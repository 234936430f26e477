using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.Tests.Build;

namespace Aurae.Composer.Tests.Kernel;

/// <summary>A whole build from kernel.directory (with compressed modules) and from kernel.vmlinuz + modules_tarball.</summary>
[Collection(UnpackedKernelCollection.Name)]
public sealed class KernelSourceBuildTests(UnpackedKernel kernel) : IDisposable
{
    private readonly BuildWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void A_directory_source_builds_an_initramfs_of_uncompressed_modules()
    {
        var image = Build("directory", $"directory: {Quote(kernel.Directory)}");

        // Regular files under kernel/ (directories are listed too).
        var modules = CpioListing.Of(image).Where(e => e.Mode.StartsWith('-')).Select(e => e.Path)
            .Where(p => p.StartsWith($"lib/modules/{kernel.Release}/kernel/", StringComparison.Ordinal)).ToList();
        Assert.Contains($"lib/modules/{kernel.Release}/kernel/drivers/net/virtio_net.ko", modules);
        Assert.Contains($"lib/modules/{kernel.Release}/kernel/drivers/virtio/virtio_ring.ko", modules);
        Assert.Contains($"lib/modules/{kernel.Release}/kernel/drivers/net/net_failover.ko", modules);
        Assert.All(modules, path => Assert.EndsWith(".ko", path));

        // The carried file is the module as the package ships it uncompressed, byte for byte.
        var extracted = Path.Combine(workspace.Root, "extracted");
        CpioListing.Extract(image, "zstd", extracted, "lib/modules/*");
        foreach (var name in new[] { "virtio_net", "virtio_ring", "net_failover" })
        {
            var expected = kernel.Package.Package.Modules[name];
            var carried = File.ReadAllBytes(Path.Combine(extracted, "lib", "modules", kernel.Release, expected.Path));
            Assert.True(expected.Content.Span.SequenceEqual(carried), name);
        }
    }

    [Fact]
    public void A_kernel_image_and_modules_tarball_source_builds_the_same_initramfs_as_the_package()
    {
        var fromFiles = Build("files",
            $"vmlinuz: {Quote(kernel.Vmlinuz)}\n  modules_tarball: {Quote(kernel.TarZst)}\n  config: {Quote(kernel.Config)}");
        var fromDeb = Build("deb", $"deb: {Quote(kernel.Package.Path)}");

        Assert.Equal(File.ReadAllBytes(fromDeb), File.ReadAllBytes(fromFiles));
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(fromDeb)!, "vmlinuz")),
            File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(fromFiles)!, "vmlinuz")));
    }

    [Fact]
    public void A_kernel_without_the_cgroup_controllers_cells_need_is_refused_before_anything_is_written()
    {
        var config = Path.Combine(workspace.Root, "config-without-memcg");
        File.WriteAllLines(config, File.ReadAllLines(kernel.Config)
            .Where(line => !line.StartsWith("CONFIG_MEMCG=", StringComparison.Ordinal) && !line.StartsWith("CONFIG_CGROUP_PIDS=", StringComparison.Ordinal)));

        var error = Assert.Throws<InvalidDataException>(() => Build("no-memcg",
            $"vmlinuz: {Quote(kernel.Vmlinuz)}\n  modules_tarball: {Quote(kernel.TarZst)}\n  config: {Quote(config)}"));

        Assert.Contains($"kernel {kernel.Release}", error.Message);
        Assert.Contains("cannot run auraed", error.Message);
        Assert.Matches(@"MISSING CONFIG_MEMCG \(.+\)", error.Message);
        Assert.Matches(@"MISSING CONFIG_CGROUP_PIDS \(.+\)", error.Message);
        Assert.False(Directory.Exists(workspace.OutputDirectory("no-memcg")));
    }

    [Fact]
    public void A_kernel_without_zstd_decompression_builds_a_gzip_initramfs_and_refuses_a_zstd_one()
    {
        var config = Path.Combine(workspace.Root, "config-without-zstd");
        File.WriteAllLines(config, File.ReadAllLines(kernel.Config).Where(line => !line.StartsWith("CONFIG_RD_ZSTD=", StringComparison.Ordinal)));
        var source = $"vmlinuz: {Quote(kernel.Vmlinuz)}\n  modules_tarball: {Quote(kernel.TarZst)}\n  config: {Quote(config)}";

        var gzip = Build("gzip", source, "initramfs:\n  compression: gzip\n");
        var error = Assert.Throws<InvalidDataException>(() => Build("zstd", source, "initramfs:\n  compression: zstd\n"));

        Assert.Equal([0x1f, 0x8b], File.ReadAllBytes(gzip)[..2]);
        Assert.Matches(@"MISSING CONFIG_RD_ZSTD \(.+zstd.+\)", error.Message);
        Assert.DoesNotContain("CONFIG_RD_GZIP", error.Message);
        Assert.False(Directory.Exists(workspace.OutputDirectory("zstd")));
    }

    /// <summary>Builds pxe from a node.yaml with the given kernel source lines; returns initramfs.img.</summary>
    private string Build(string name, string source, string extraYaml = "")
    {
        var yaml = Path.Combine(workspace.Root, name + ".yaml");
        File.WriteAllText(yaml, $"""
            name: {BuildWorkspace.NodeName}
            kernel:
              {source}
              cmdline: console=ttyS0
              modules: [virtio_net]
            pki: {Quote(workspace.PkiDirectory)}
            outputs: [pxe]
            {extraYaml}
            """);
        var output = workspace.OutputDirectory(name);
        new NodeImageBuilder(DaemonBinary.Load(workspace.Daemon)).Build(NodeConfigLoader.Load(yaml), output);
        return Path.Combine(output, "initramfs.img");
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";
}
