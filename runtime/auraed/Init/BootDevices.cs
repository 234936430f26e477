using Aurae.Contract.Manifest;
using Aurae.Daemon.Modules;
using Aurae.Daemon.Network;

namespace Aurae.Daemon.Init;

/// <summary>
/// The machine's devices, brought up at boot in the background: the modules (forced, then
/// coldplug), efivarfs, then the network. The API starts meanwhile, instead of after them: in
/// bench/boot's TCG machine with 2 vCPUs the API served 0.03 s after the DHCP lease instead of
/// 1.0 s (with 1 vCPU every step is CPU-bound and the overlap gains nothing measurable; issue 19).
/// Nothing can reach the API before the network is up, and the network drivers are among the
/// modules, so no call sees a half-loaded node.
/// </summary>
internal sealed class BootDevices
{
    private BootDevices(Task<IReadOnlyList<string>> modules, NetworkConfigurator? network, Task running)
    {
        Modules = modules;
        Network = network;
        Running = running;
    }

    /// <summary>As an ordinary process: no modules, no network of our own.</summary>
    public static BootDevices None { get; } = new(Task.FromResult<IReadOnlyList<string>>([]), null, Task.CompletedTask);

    /// <summary>The modules loaded at boot, in load order; never faults (see <see cref="BootModules.Load"/>).</summary>
    public Task<IReadOnlyList<string>> Modules { get; }

    /// <summary>The network configurator as init (null as an ordinary process); enrollment reads its interface.</summary>
    public NetworkConfigurator? Network { get; }

    /// <summary>Completes when the network has its first address, or there is nothing to configure.</summary>
    public Task Configured => Network?.Configured ?? Task.CompletedTask;

    /// <summary>The network's lifetime (DHCP renewals): completes once <c>stopping</c> is cancelled.</summary>
    public Task Running { get; }

    public static BootDevices Start(NodeManifest manifest, KernelCommandLine commandLine, CancellationToken stopping)
    {
        var network = new NetworkConfigurator(manifest.Network, commandLine);
        var modules = Task.Run(() =>
        {
            var loaded = BootModules.Load(manifest.Modules, commandLine);
            // After the modules: efivarfs is one on Debian's cloud kernel.
            EfivarfsMount.MountIfEfi();
            return loaded;
        });
        return new BootDevices(modules, network, RunNetworkAsync(modules, network, stopping));
    }

    private static async Task RunNetworkAsync(Task modules, NetworkConfigurator network, CancellationToken stopping)
    {
        // The network interfaces' drivers are modules.
        await modules.ConfigureAwait(false);
        await network.RunAsync(stopping).ConfigureAwait(false);
    }
}
