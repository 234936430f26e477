using Aurae.Api.Discovery.V0;
using Aurae.Node.Tests.Support;

namespace Aurae.Node.Tests.Boot;

/// <summary>The example node composed with Debian's generic kernel (linux-image-amd64) instead of the cloud one.</summary>
public sealed class GenericKernelNetbootedNode : NetbootedNode
{
    protected override string KernelDeb => TestEnvironment.GenericKernelDeb;
}

/// <summary>
/// examples/node.yaml with only its kernel swapped for Debian's generic one: every output it
/// names is written, and the netbooted node serves its API with the generic kernel's virtio modules.
/// </summary>
public sealed class GenericKernelExampleBootTests(GenericKernelNetbootedNode node) : IClassFixture<GenericKernelNetbootedNode>
{
    [Fact]
    public async Task The_example_netboots_with_the_generic_kernel_and_answers_over_mtls()
    {
        Assert.Equal(
            ["aurae-node-1.cdx.json", "aurae-node-1.efi", "aurae-node-1.iso", "aurae-node-1.pcr11.json", "aurae-node-1.raw", "boot.ipxe", "cmdline", "initramfs.img", "vmlinuz"],
            node.Build.Files.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var channel = node.OperatorChannel();
        var response = await new DiscoveryService.DiscoveryServiceClient(channel)
            .DiscoverAsync(new DiscoverRequest(), deadline: DateTime.UtcNow.AddSeconds(30));

        Assert.True(response.Healthy);
        Assert.Equal(node.Build.Node.Kernel.Release, response.Node.KernelRelease);
        Assert.Matches(@"^\d+\.\d+\.\d+-\d+-amd64$", response.Node.KernelRelease);
        Assert.Equal(node.Build.Node.Modules.Select(m => m.Name), response.Node.LoadedModules);
        Assert.Contains("virtio_net", response.Node.LoadedModules);
        Assert.Contains(response.Node.Addresses, a => a.Interface == "eth0" && a.Cidr == "10.0.2.15/24");
    }
}
