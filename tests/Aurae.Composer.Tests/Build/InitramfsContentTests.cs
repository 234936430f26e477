using System.Text.Json;
using Aurae.Contract.Manifest;

namespace Aurae.Composer.Tests.Build;

/// <summary>What GNU cpio unpacks from the pxe build's initramfs: the daemon, the manifest, the PKI, the modules.</summary>
[Collection(PxeBuildCollection.Name)]
public sealed class InitramfsContentTests(PxeBuildFixture build)
{
    private string Extracted(string path) => Path.Combine(build.Extracted, path);

    private NodeManifest Manifest()
    {
        var json = File.ReadAllBytes(Extracted("etc/aurae/node.json"));
        return JsonSerializer.Deserialize(json, NodeManifestJsonContext.Default.NodeManifest)
            ?? throw new Xunit.Sdk.XunitException("node.json is null");
    }

    /// <summary>The manifest's modules by name (file name without .ko), in manifest order.</summary>
    private List<string> ModuleNames() => Manifest().Modules.Select(Path.GetFileNameWithoutExtension).ToList()!;

    [Fact]
    public void Init_is_the_daemon_byte_for_byte()
    {
        Assert.Equal(TestElf.Static(), File.ReadAllBytes(Extracted("init")));
    }

    [Fact]
    public void The_manifest_describes_the_node()
    {
        var manifest = Manifest();

        Assert.Equal(NodeManifest.CurrentVersion, manifest.Version);
        Assert.Equal(BuildWorkspace.NodeName, manifest.Hostname);
        Assert.Equal("0.0.0.0:8080", manifest.Listen);
        Assert.True(manifest.Network.Dhcp);
        Assert.Null(manifest.Network.Interface);
        Assert.Null(manifest.Network.Address);
        Assert.Null(manifest.Network.Gateway);
        Assert.Equal("/etc/aurae/pki/ca.crt", manifest.Pki.CaCertificate);
        Assert.Equal("/etc/aurae/pki/node.crt", manifest.Pki.Certificate);
        Assert.Equal("/etc/aurae/pki/node.key", manifest.Pki.Key);
        Assert.Equal(BuildWorkspace.NodeName + "\n", File.ReadAllText(Extracted("etc/hostname")));
    }

    [Fact]
    public void The_manifest_uses_snake_case_names()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Extracted("etc/aurae/node.json")));
        var pki = document.RootElement.GetProperty("pki");

        Assert.True(pki.TryGetProperty("ca_certificate", out _), document.RootElement.ToString());
    }

    [Fact]
    public void The_manifest_lists_the_modules_dependencies_first()
    {
        var names = ModuleNames();

        Assert.Equal(names.Count, names.Distinct().Count());
        AssertBefore(names, "failover", "net_failover");
        AssertBefore(names, "net_failover", "virtio_net");
        AssertBefore(names, "virtio_ring", "virtio");
        AssertBefore(names, "virtio", "virtio_net");
        AssertBefore(names, "virtio_ring", "virtio_net");
        AssertBefore(names, "virtio", "virtio_pci");
        // The requested modules come in the order node.yaml gives them, after their own dependencies.
        AssertBefore(names, "virtio_pci", "virtio_net");
        // Then what every image loads: overlay, for container images.
        Assert.Equal(["virtio_net", "overlay"], names[^2..]);
    }

    [Fact]
    public void The_module_order_is_the_depth_first_post_order_with_dependencies_by_name()
    {
        // virtio_pci first (as node.yaml lists it), each module's dependencies in name order; overlay
        // (every image's, for container images) last.
        Assert.Equal(
            ["virtio_ring", "virtio", "virtio_pci_legacy_dev", "virtio_pci_modern_dev", "virtio_pci", "failover", "net_failover", "virtio_net", "overlay"],
            ModuleNames());
    }

    [Fact]
    public void The_module_directory_holds_kmods_index_of_exactly_the_carried_modules()
    {
        var directory = Extracted($"lib/modules/{build.KernelRelease}");
        var files = Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var carried = Directory.GetFiles(directory, "*.ko", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(directory, p)).Order(StringComparer.Ordinal);
        var dep = File.ReadAllLines(Path.Combine(directory, "modules.dep"));

        Assert.Equal(["modules.alias", "modules.builtin", "modules.dep", "modules.softdep"], files);
        Assert.Equal(carried, dep.Select(line => line[..line.IndexOf(':')]));
        Assert.Contains("alias virtio:d00000001v* virtio_net", File.ReadAllLines(Path.Combine(directory, "modules.alias")));
        // modules.builtin is the package's own, line for line (sorted): what kmod reads on an installed system.
        var packaged = Shell.Succeed($"dpkg-deb --fsys-tarfile {Shell.Quote(build.Workspace.KernelDeb)} | tar -xO ./lib/modules/{build.KernelRelease}/modules.builtin").Output;
        Assert.Equal(packaged.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal),
            File.ReadAllLines(Path.Combine(directory, "modules.builtin")));
        Assert.Contains("kernel/fs/ext4/ext4.ko", File.ReadAllLines(Path.Combine(directory, "modules.builtin")));
    }

    [Fact]
    public void The_manifest_modules_are_exactly_the_archives_modules_and_are_plain_ko_files()
    {
        var manifest = Manifest();
        var prefix = $"lib/modules/{build.KernelRelease}/";
        var inArchive = Directory.GetFiles(Extracted("lib"), "*.ko", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(build.Extracted, p))
            .Order(StringComparer.Ordinal);

        // node.yaml names its modules by plain name, so every carried module is also loaded at boot.
        Assert.Equal(inArchive, manifest.Modules.Order(StringComparer.Ordinal));
        Assert.Contains(prefix + "kernel/drivers/net/virtio_net.ko", manifest.Modules);
        foreach (var module in manifest.Modules)
        {
            Assert.StartsWith(prefix, module);
            Assert.False(module.StartsWith('/'), module);
            // finit_module(2) is given the file as it is: it must be an uncompressed ELF object.
            Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, File.ReadAllBytes(Extracted(module))[..4]);
        }
    }

    [Fact]
    public void The_pki_files_are_the_nodes_own()
    {
        var pki = build.Workspace.PkiDirectory;

        Assert.Equal(File.ReadAllBytes(build.Workspace.NodeKeyPath), File.ReadAllBytes(Extracted("etc/aurae/pki/node.key")));
        Assert.Equal(File.ReadAllBytes(build.Workspace.NodeCertificatePath), File.ReadAllBytes(Extracted("etc/aurae/pki/node.crt")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(pki, "ca.crt")), File.ReadAllBytes(Extracted("etc/aurae/pki/ca.crt")));
    }

    [Fact]
    public void The_image_has_no_other_secret_than_the_node_key()
    {
        var files = Directory.GetFiles(Extracted("etc/aurae/pki")).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        // Neither the CA key nor the operator credentials may travel to a node.
        Assert.Equal(["ca.crt", "node.crt", "node.key"], files);
    }

    private static void AssertBefore(List<string> order, string first, string then)
    {
        var (i, j) = (order.IndexOf(first), order.IndexOf(then));
        Assert.True(i >= 0 && j >= 0 && i < j, $"expected {first} before {then} in: {string.Join(' ', order)}");
    }
}
