using Aurae.Contract.Manifest;
using Aurae.Daemon.Modules;
using Aurae.Daemon.Network;

namespace Aurae.Daemon.Init;

/// <summary>
/// The machine's devices, brought up at boot in the background: the manifest's forced modules,
/// then coldplug and efivarfs beside the network. The API starts meanwhile, instead of after them:
/// in bench/boot's TCG machine with 2 vCPUs (measured that way once) the API served 0.03 s after
/// the DHCP lease instead of 1.0 s (issue 19). The network starts once the forced modules are in, not after coldplug: it
/// waits for its interface to appear anyway, which also covers a driver coldplug loads.
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

    /// <summary>The modules loaded at boot, in load order, once coldplug is done; never faults (see <see cref="BootModules"/>).</summary>
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
        var forced = Task.Run(() => BootModules.LoadForced(manifest.Modules, commandLine));
        var modules = forced.ContinueWith(loading =>
        {
            var loaded = loading.Result.Coldplug();
            // After the modules: efivarfs is one on Debian's cloud kernel.
            EfivarfsMount.MountIfEfi();
            return loaded;
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return new BootDevices(modules, network, RunNetworkAsync(forced, modules, network, stopping));
    }

    private static async Task RunNetworkAsync(Task forcedModules, Task allModules, NetworkConfigurator network, CancellationToken stopping)
    {
        // The network interfaces' drivers are modules: the manifest's, usually. When those bring no
        // Ethernet interface, its driver is coldplug's to load, so the interface wait starts after
        // coldplug, as it always did (a generic kernel's coldplug is slow under emulation).
        await forcedModules.ConfigureAwait(false);
        if (NetworkDevices.FirstEthernet() is null)
            await allModules.ConfigureAwait(false);
        await network.RunAsync(stopping).ConfigureAwait(false);
    }
}
