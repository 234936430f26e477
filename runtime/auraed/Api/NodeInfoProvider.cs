using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Reflection;
using Aurae.Api.Discovery.V0;
using Aurae.Daemon.Init;
using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Api;

/// <summary>
/// Reads what the node is right now, for Discover and later node APIs. The boot modules load in
/// the background (see <see cref="BootDevices"/>), and the network can be up before coldplug is
/// done: a read waits for them, so no answer lists only some of them.
/// </summary>
public sealed class NodeInfoProvider(KernelCommandLine commandLine, Task<IReadOnlyList<string>> loadedModules)
{
    public static string DaemonVersion { get; } =
        typeof(NodeInfoProvider).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0";

    public async Task<NodeInfo> ReadAsync(CancellationToken cancellationToken)
    {
        // Never faults (BootModules); about a second at most after the network is up.
        var modules = await loadedModules.WaitAsync(cancellationToken).ConfigureAwait(false);
        var info = new NodeInfo
        {
            Hostname = Hostname.Current(),
            KernelRelease = ReadProc("/proc/sys/kernel/osrelease"),
            UptimeSeconds = BootClock.Seconds,
            DaemonPid = Environment.ProcessId,
            KernelCmdline = commandLine.Text,
        };
        info.LoadedModules.AddRange(modules);
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces().OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
                    continue;
                info.Addresses.Add(new InterfaceAddress
                {
                    Interface = nic.Name,
                    Cidr = $"{unicast.Address}/{unicast.PrefixLength}",
                });
            }
        }
        return info;
    }

    private static string ReadProc(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
