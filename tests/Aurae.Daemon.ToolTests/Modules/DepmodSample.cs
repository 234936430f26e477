namespace Aurae.Daemon.Tests.Modules;

/// <summary>
/// A module tree indexed by kmod's own depmod: a few .ko files taken from the real Debian
/// kernel package (.cache/kernels), at their kernel paths, with the package's modules.builtin.
/// </summary>
public sealed class DepmodSample : IDisposable
{
    public static readonly string[] Files =
    [
        "kernel/drivers/virtio/virtio.ko",
        "kernel/drivers/virtio/virtio_ring.ko",
        "kernel/drivers/virtio/virtio_pci.ko",
        "kernel/drivers/virtio/virtio_pci_modern_dev.ko",
        "kernel/drivers/virtio/virtio_pci_legacy_dev.ko",
        "kernel/drivers/virtio/virtio_mmio.ko",
        "kernel/drivers/net/virtio_net.ko",
        "kernel/drivers/net/net_failover.ko",
        "kernel/net/core/failover.ko",
        "kernel/drivers/block/virtio_blk.ko",
        "kernel/lib/libcrc32c.ko",
        "kernel/arch/x86/crypto/crc32c-intel.ko",
    ];

    public DepmodSample()
    {
        var deb = Path.Combine(RepositoryRoot(), ".cache", "kernels", "linux-image-cloud-amd64.deb");
        Assert.True(File.Exists(deb), $"the kernel package {deb} is missing (the scripts fetch it)");
        var unpacked = Path.Combine(Path.GetTempPath(), "aurae-kernel-deb-" + Path.GetRandomFileName());
        var (unpackExit, _, unpackError) = ExternalTool.Run("dpkg-deb", ["-x", deb, unpacked]);
        Assert.True(unpackExit == 0, $"dpkg-deb -x {deb} failed: {unpackError}");
        var package = Directory.GetDirectories(Path.Combine(unpacked, "lib", "modules")).Single();
        Tree = new ModuleTree(Path.GetFileName(package));
        foreach (var file in Files)
        {
            var target = Path.Combine(Tree.ModuleRoot, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(package, file), target);
        }
        File.Copy(Path.Combine(package, "modules.builtin"), Path.Combine(Tree.ModuleRoot, "modules.builtin"));
        Directory.Delete(unpacked, recursive: true);
        var (exit, output, error) = ExternalTool.Run(Depmod(), ["-b", Tree.Root, Tree.Release]);
        Assert.True(exit == 0, $"depmod failed ({exit}): {output}{error}");
    }

    public ModuleTree Tree { get; }

    public string Read(string indexFile) => File.ReadAllText(Path.Combine(Tree.ModuleRoot, indexFile));

    public void Dispose() => Tree.Dispose();

    private static string Depmod() =>
        new[] { "/usr/sbin/depmod", "/sbin/depmod" }.FirstOrDefault(File.Exists) ?? "depmod";

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Aurae.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Aurae.sln not found above " + AppContext.BaseDirectory);
    }
}
