using Aurae.Node.Tests.Support;
using Aurae.Testing;

namespace Aurae.Node.Tests.Boot;

/// <summary>PID 1 must never leave by accident (the kernel would panic): a fatal error is logged and the machine powers off.</summary>
public sealed class FatalErrorBootTests
{
    [Fact]
    public void An_api_address_the_node_does_not_have_is_logged_as_fatal_and_the_node_powers_off_without_panic()
    {
        // DHCP gives 10.0.2.15; 10.9.9.9 can never be bound, so starting the API fails.
        using var image = new TestNodeImage("fatal-node", extraYaml: "api: {listen: '10.9.9.9:8080'}\ninitramfs: {compression: gzip}");
        using var machine = image.BootKernel(FreePort.Next());

        Assert.True(machine.WaitForExit(TimeSpan.FromMinutes(4)), $"the node did not power off:\n{machine.Console}");
        var console = machine.Console;
        Assert.Contains("auraed error auraed: fatal:", console);
        Assert.Contains("10.9.9.9:8080", console);
        Assert.Contains("reboot: Power down", console);
        Assert.DoesNotContain("Kernel panic", console);
        Assert.True(console.IndexOf("fatal:", StringComparison.Ordinal) < console.IndexOf("syncing filesystems", StringComparison.Ordinal));
    }
}
