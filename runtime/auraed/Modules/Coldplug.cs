using Aurae.Contract.Modules;
using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Modules;

/// <summary>
/// Loads drivers for the devices the kernel found before init ran: each unbound device's
/// modalias is matched against modules.alias and the matching modules are probed. Loading a bus
/// driver adds devices (virtio_pci adds virtio devices), so the walk repeats until a pass loads
/// nothing new, at most <see cref="MaxPasses"/> times.
/// </summary>
public sealed class Coldplug(string sysRoot, ModuleIndex index, ModuleProbe probe)
{
    public const int MaxPasses = 8;

    public ColdplugSummary Run()
    {
        var loadedBefore = probe.Loaded.Count;
        var handled = new HashSet<string>(StringComparer.Ordinal);
        var passes = 0;
        IReadOnlyList<SysfsDevice> devices;
        while (true)
        {
            devices = SysfsDevices.Scan(sysRoot);
            if (passes == MaxPasses)
                break;
            passes++;
            var newlyLoaded = 0;
            foreach (var device in devices)
            {
                // Devices sharing a modalias need the same modules: one lookup does for all.
                if (device.HasDriver || !handled.Add(device.Modalias))
                    continue;
                foreach (var module in index.ModulesForAlias(device.Modalias))
                    newlyLoaded += probe.Probe(module);
            }
            if (newlyLoaded == 0)
                break;
        }
        var summary = new ColdplugSummary(
            devices.Count,
            probe.Loaded.Count - loadedBefore,
            devices.Where(d => !d.HasDriver).ToList(),
            passes);
        ConsoleLog.Info("coldplug", $"{summary.Devices} devices, {summary.ModulesLoaded} modules loaded, " +
                                    $"{summary.Unbound.Count} devices without a driver ({summary.Passes} passes)");
        return summary;
    }
}
