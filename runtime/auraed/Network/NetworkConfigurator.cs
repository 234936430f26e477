using System.Net;
using Aurae.Daemon.Init;
using Aurae.Daemon.Logging;
using Aurae.Contract.Manifest;

namespace Aurae.Daemon.Network;

/// <summary>
/// Brings the node onto the network at boot: loopback, then the first Ethernet interface
/// (or the one named) by DHCP or a static address. <c>ip=</c> on the kernel command line
/// wins over the image's manifest. DHCP leases are renewed for as long as the daemon runs.
/// </summary>
internal sealed class NetworkConfigurator(NetworkManifest manifest, KernelCommandLine commandLine)
{
    private static readonly TimeSpan InterfaceWait = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource _configured = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the interface has its first address (or there is nothing to configure).</summary>
    public Task Configured => _configured.Task;

    /// <summary>The Ethernet interface brought up (null until then, or when none appeared); enrollment sends its MAC.</summary>
    public string? Interface { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ConfigureAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            ConsoleLog.Error("network", e.Message);
        }
        finally
        {
            _configured.TrySetResult();
        }
    }

    private async Task ConfigureAsync(CancellationToken cancellationToken)
    {
        InterfaceControl.SetUp("lo");
        ConsoleLog.Info("network", "lo up");

        KernelIpParameter? ip = null;
        if (commandLine.Value("ip") is { } text)
        {
            try
            {
                ip = KernelIpParameter.Parse(text);
            }
            catch (FormatException e)
            {
                ConsoleLog.Error("network", $"ignoring kernel parameter: {e.Message}");
            }
        }
        if (ip?.Disabled == true)
        {
            ConsoleLog.Info("network", "ip=off: leaving interfaces down");
            return;
        }
        if (ip?.Hostname is { } hostname)
            Hostname.Set(hostname);

        var name = await WaitForInterfaceAsync(ip?.Device ?? manifest.Interface, cancellationToken);
        if (name is null)
            return;
        Interface = name;
        InterfaceControl.SetUp(name);

        var staticConfiguration = ip is null
            ? (manifest.Dhcp || manifest.Address is null ? null : Ipv4Configuration.FromCidr(manifest.Address,
                manifest.Gateway is null ? null : IPAddress.Parse(manifest.Gateway)))
            : ip.Static;
        if (staticConfiguration is not null)
        {
            Apply(name, staticConfiguration, "static");
            return;
        }

        var client = new DhcpClient(name, NetworkDevices.HardwareAddress(name));
        ConsoleLog.Info("network", $"{name}: requesting an address by DHCP");
        var lease = await client.AcquireAsync(cancellationToken);
        Apply(name, lease.Configuration, $"DHCP from {lease.Server}, lease {lease.LeaseTime.TotalSeconds:F0}s");
        await KeepLeaseAsync(client, name, lease, cancellationToken);
    }

    private async Task KeepLeaseAsync(DhcpClient client, string name, DhcpLease lease, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(lease.RenewalTime, cancellationToken);
            var renewed = await client.RenewAsync(lease, cancellationToken);
            if (renewed is null)
            {
                ConsoleLog.Warn("network", $"{name}: renewal refused, acquiring a new lease");
                renewed = await client.AcquireAsync(cancellationToken);
            }
            if (renewed.Configuration != lease.Configuration)
                Apply(name, renewed.Configuration, $"DHCP from {renewed.Server} (changed)");
            lease = renewed;
        }
    }

    private void Apply(string name, Ipv4Configuration configuration, string source)
    {
        InterfaceControl.SetAddress(name, configuration.Address, configuration.Netmask);
        if (configuration.Gateway is { } gateway)
            InterfaceControl.AddDefaultRoute(name, gateway);
        WriteResolverConfiguration(configuration.DnsServers);
        ConsoleLog.Info("network", $"{name}: {configuration} ({source})");
        _configured.TrySetResult();
    }

    /// <summary>For workloads that resolve names; the daemon itself never does (static glibc has no NSS).</summary>
    private static void WriteResolverConfiguration(IReadOnlyList<IPAddress> servers)
    {
        if (servers.Count == 0)
            return;
        try
        {
            Directory.CreateDirectory("/etc");
            File.WriteAllText("/etc/resolv.conf", string.Concat(servers.Select(s => $"nameserver {s}\n")));
        }
        catch (IOException e)
        {
            ConsoleLog.Warn("network", $"cannot write /etc/resolv.conf: {e.Message}");
        }
    }

    private static async Task<string?> WaitForInterfaceAsync(string? wanted, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + InterfaceWait;
        while (true)
        {
            var name = wanted is null ? NetworkDevices.FirstEthernet() : NetworkDevices.Exists(wanted) ? wanted : null;
            if (name is not null)
                return name;
            if (DateTime.UtcNow > deadline)
            {
                ConsoleLog.Error("network", wanted is null
                    ? "no Ethernet interface appeared (is its driver in kernel.modules?)"
                    : $"interface {wanted} did not appear");
                return null;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
