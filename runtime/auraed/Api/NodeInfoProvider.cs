using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Reflection;
using Aurae.Api.Discovery.V0;
using Aurae.Daemon.Init;
using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Api;

/// <summary>
/// Reads what the node is right now, for Discover and later node APIs. The boot modules load in
/// the background (see <see cref="BootDevices"/>); until they are done none are reported.
/// </summary>
public sealed class NodeInfoProvider(KernelCommandLine commandLine, Task<IReadOnlyList<string>> loadedModules)
{
    public static string DaemonVersion { get; } =
        typeof(NodeInfoProvider).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0";

    public NodeInfo Read()
    {
        var info = new NodeInfo
        {
            Hostname = Hostname.Current(),
            KernelRelease = ReadProc("/proc/sys/kernel/osrelease"),
            UptimeSeconds = BootClock.Seconds,
            DaemonPid = Environment.ProcessId,
            KernelCmdline = commandLine.Text,
        };
        if (loadedModules.IsCompletedSuccessfully)
            info.LoadedModules.AddRange(loadedModules.Result);
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
