using Aurae.Images.Compression;
using System.Net;
using Aurae.Composer.Configuration;
using Aurae.Contract.Yaml;

namespace Aurae.Composer.Tests.Configuration;

public sealed class NodeConfigLoaderTests : IDisposable
{
    private readonly ConfigTestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Full_example_loads_every_field()
    {
        var config = directory.Load("""
            # A node with every key spelled out.
            name: aurae-node-1
            kernel:
              deb: kernel.deb
              cmdline: "console=ttyS0,115200 quiet"
              modules: [virtio_net, virtio_pci]
            pki: ./pki
            api:
              listen: 10.0.2.15:9443
            network:
              interface: eth1
              dhcp: false
              address: 10.0.2.15/24
              gateway: 10.0.2.2
            initramfs:
              compression: gzip
            outputs: [pxe]
            """);

        Assert.Equal(directory.NodeYaml, config.SourcePath);
        Assert.Equal("aurae-node-1", config.Name);
        Assert.Equal(new DebKernelSource(Path.Combine(directory.Root, "kernel.deb")), config.Kernel.Source);
        Assert.Equal("console=ttyS0,115200 quiet", config.Kernel.Cmdline);
        Assert.Equal(["virtio_net", "virtio_pci"], config.Kernel.Modules.Select(m => m.Text));
        Assert.Equal(Path.Combine(directory.Root, "pki"), config.PkiDirectory);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.2.15"), 9443), config.Api.Listen);
        Assert.Equal("eth1", config.Network.Interface);
        Assert.False(config.Network.Dhcp);
        Assert.Equal(new InterfaceAddress(IPAddress.Parse("10.0.2.15"), 24), config.Network.Address);
        Assert.Equal("10.0.2.15/24", config.Network.Address!.ToString());
        Assert.Equal(IPAddress.Parse("10.0.2.2"), config.Network.Gateway);
        Assert.Equal(CompressionFormat.Gzip, config.Initramfs.Compression);
        Assert.Equal([OutputKind.Pxe], config.Outputs);
    }

    [Fact]
    public void Minimal_config_gets_the_documented_defaults()
    {
        var config = directory.Load("name: n1\nkernel:\n  deb: kernel.deb\npki: pki\noutputs: [pxe]\n");

        Assert.Equal(KernelConfig.DefaultCmdline, config.Kernel.Cmdline);
        Assert.Equal("console=ttyS0", config.Kernel.Cmdline);
        Assert.Empty(config.Kernel.Modules);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 8080), config.Api.Listen);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 9100), config.Api.Metrics);
        Assert.Equal(new NetworkConfig(null, true, null, null), config.Network);
        Assert.Equal(CompressionFormat.Zstd, config.Initramfs.Compression);
    }

    [Fact]
    public void Empty_optional_sections_mean_defaults()
    {
        var config = directory.Load("name: n1\nkernel:\n  deb: kernel.deb\n  modules:\npki: pki\napi:\nnetwork:\ninitramfs:\noutputs: [pxe]\n");

        Assert.Empty(config.Kernel.Modules);
        Assert.Equal(ApiConfig.Default, config.Api);
        Assert.Equal(NetworkConfig.Default, config.Network);
        Assert.Equal(InitramfsConfig.Default, config.Initramfs);
    }

    [Fact]
    public void Directory_kernel_source_and_ipv6_values()
    {
        var config = directory.Load("""
            name: n1
            kernel: {directory: kernel-dir}
            pki: pki
            api: {listen: "[::]:8080"}
            network: {address: fd00::15/64, gateway: "fd00::1"}
            initramfs: {compression: none}
            outputs: [pxe]
            """);

        Assert.Equal(new DirectoryKernelSource(Path.Combine(directory.Root, "kernel-dir")), config.Kernel.Source);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Any, 8080), config.Api.Listen);
        // A static address alone turns DHCP off.
        Assert.False(config.Network.Dhcp);
        Assert.Equal(new InterfaceAddress(IPAddress.Parse("fd00::15"), 64), config.Network.Address);
        Assert.Equal(IPAddress.Parse("fd00::1"), config.Network.Gateway);
        Assert.Equal(CompressionFormat.None, config.Initramfs.Compression);
    }

    [Fact]
    public void Relative_paths_resolve_against_the_yaml_directory_not_the_working_directory()
    {
        var nested = Path.Combine(directory.Root, "nodes", "n1");
        Directory.CreateDirectory(nested);
        var yaml = Path.Combine(nested, "node.yaml");
        File.WriteAllText(yaml, "name: n1\nkernel: {deb: ../../kernel.deb}\npki: ../../pki\noutputs: [pxe]\n");

        var config = NodeConfigLoader.Load(Path.GetRelativePath(Environment.CurrentDirectory, yaml));

        Assert.Equal(new DebKernelSource(Path.Combine(directory.Root, "kernel.deb")), config.Kernel.Source);
        Assert.Equal(Path.Combine(directory.Root, "pki"), config.PkiDirectory);
    }

    [Fact]
    public void Absolute_paths_are_kept()
    {
        var config = directory.Load($"name: n1\nkernel: {{deb: '{directory.Root}/kernel.deb'}}\npki: '{directory.Root}/pki'\noutputs: [pxe]\n");

        Assert.Equal(new DebKernelSource(Path.Combine(directory.Root, "kernel.deb")), config.Kernel.Source);
    }

    [Fact]
    public void Anchors_and_aliases_are_followed()
    {
        var config = directory.Load("name: &n n1\nkernel: {deb: kernel.deb, cmdline: *n, modules: &m [virtio_net]}\npki: pki\noutputs: [pxe]\n");

        Assert.Equal("n1", config.Kernel.Cmdline);
        Assert.Equal(["virtio_net"], config.Kernel.Modules.Select(m => m.Text));
    }

    [Fact]
    public void Quoted_and_tagged_strings_are_strings()
    {
        var config = directory.Load("name: !!str n1\nkernel: {deb: kernel.deb, cmdline: 'true'}\npki: pki\noutputs: [\"pxe\"]\n");

        Assert.Equal("n1", config.Name);
        Assert.Equal("true", config.Kernel.Cmdline);
    }

    [Fact]
    public void Missing_node_yaml()
    {
        var path = Path.Combine(directory.Root, "absent.yaml");

        var error = Assert.Throws<ConfigFileException>(() => NodeConfigLoader.Load(path));

        Assert.Equal($"node.yaml '{path}' not found", error.Message);
        Assert.Null(error.Line);
        Assert.Null(error.Column);
    }

    [Fact]
    public void Node_yaml_that_is_a_directory()
    {
        var error = Assert.Throws<ConfigFileException>(() => NodeConfigLoader.Load(directory.Root));

        Assert.Equal($"node.yaml '{directory.Root}' is a directory", error.Message);
    }

    [Theory]
    [InlineData(OutputKind.Pxe, "pxe")]
    [InlineData(OutputKind.RawEfi, "raw-efi")]
    [InlineData(OutputKind.VhdDynamic, "vhd-dynamic")]
    [InlineData(OutputKind.Microvm, "microvm")]
    public void Output_names_round_trip(OutputKind kind, string name)
    {
        Assert.Equal(name, kind.ToConfigName());
        Assert.True(OutputKinds.TryParse(name, out var parsed));
        Assert.Equal(kind, parsed);
        Assert.Equal(Enum.GetValues<OutputKind>().Length, OutputKinds.Names.Count);
    }

    [Theory]
    [InlineData("off", null)]
    [InlineData("'10.0.2.15:9273'", "10.0.2.15:9273")]
    [InlineData("'[::]:9100'", "[::]:9100")]
    public void Metrics_are_served_where_api_metrics_says_or_not_at_all(string value, string? expected)
    {
        var config = directory.Load($"name: n1\nkernel:\n  deb: kernel.deb\npki: pki\napi: {{metrics: {value}}}\noutputs: [pxe]\n");
        Assert.Equal(expected, config.Api.Metrics?.ToString());
    }
}
