using System.Collections.Concurrent;
using Aurae.Testing;
using Aurae.Testing.Kernels;

namespace Aurae.Daemon.Tests.Modules;

/// <summary>
/// A module tree indexed by kmod's own depmod: a few .ko files taken from a real Debian cloud
/// kernel package on the <see cref="KernelShelf"/>, at their kernel paths, with the package's
/// modules.builtin. One per release, made once per test run.
/// </summary>
public sealed class DepmodSample : IDisposable
{
    private static readonly ConcurrentDictionary<string, Lazy<DepmodSample>> Made = new(StringComparer.Ordinal);

    /// <summary>Theory data: each cloud kernel release on the shelf (at least two).</summary>
    public static IEnumerable<object[]> Releases => KernelShelf.Releases("cloud-amd64");

    /// <summary>The sample of the release a theory case over <see cref="Releases"/> names.</summary>
    public static DepmodSample Of(string label) =>
        Made.GetOrAdd(label, _ => new Lazy<DepmodSample>(() =>
        {
            var sample = new DepmodSample(KernelShelf.Default.Get(label));
            AppDomain.CurrentDomain.ProcessExit += (_, _) => sample.Dispose();
            return sample;
        })).Value;

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

    private DepmodSample(ShelvedKernel kernel)
    {
        var deb = kernel.Path;
        var unpacked = Path.Combine(Path.GetTempPath(), "aurae-kernel-deb-" + Path.GetRandomFileName());
        var (unpackExit, _, unpackError) = Tool.Run("dpkg-deb", ["-x", deb, unpacked]);
        Assert.True(unpackExit == 0, $"dpkg-deb -x {deb} failed: {unpackError}");
        var package = Path.Combine(unpacked, "lib", "modules", kernel.Release);
        Tree = new ModuleTree(kernel.Release);
        foreach (var file in Files)
        {
            var target = Path.Combine(Tree.ModuleRoot, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(package, file), target);
        }
        File.Copy(Path.Combine(package, "modules.builtin"), Path.Combine(Tree.ModuleRoot, "modules.builtin"));
        Directory.Delete(unpacked, recursive: true);
        var (exit, output, error) = Tool.Run(Depmod(), ["-b", Tree.Root, Tree.Release]);
        Assert.True(exit == 0, $"depmod failed ({exit}): {output}{error}");
    }

    public ModuleTree Tree { get; }

    public string Read(string indexFile) => File.ReadAllText(Path.Combine(Tree.ModuleRoot, indexFile));

    public void Dispose() => Tree.Dispose();

    private static string Depmod() =>
        new[] { "/usr/sbin/depmod", "/sbin/depmod" }.FirstOrDefault(File.Exists) ?? "depmod";
}
