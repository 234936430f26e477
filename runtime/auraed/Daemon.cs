using System.Net;
using Aurae.Daemon.Api;
using Aurae.Daemon.Enrollment;
using Aurae.Daemon.Hosting;
using Aurae.Daemon.Init;
using Aurae.Daemon.Logging;
using Aurae.Daemon.Observe;
using Aurae.Contract.Manifest;

namespace Aurae.Daemon;

/// <summary>
/// One run of the daemon. As init (PID 1) it first makes the machine usable: filesystems,
/// hostname, modules, network, reaping. As an ordinary process it skips all of that and only
/// serves the API, for development and tests.
/// </summary>
internal sealed class Daemon(bool isInit, string manifestPath, ShutdownCoordinator shutdown)
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    public async Task<PowerAction> RunAsync()
    {
        var milestones = new Metrics.BootMilestones();
        milestones.Record(Metrics.BootMilestones.DaemonStarted);
        ConsoleLog.Info("auraed", $"version {NodeInfoProvider.DaemonVersion}, pid {Environment.ProcessId}" +
                                  (isInit ? ", running as init" : ""));
        if (isInit)
        {
            FilesystemMounts.MountAll();
            PowerControl.RouteCtrlAltDelToInit();
        }

        var manifest = NodeManifestFile.Load(manifestPath);
        var listen = IPEndPoint.Parse(manifest.Listen);
        var metricsListen = manifest.Metrics is null ? null : IPEndPoint.Parse(manifest.Metrics);
        // Metrics are told from API calls by the port a connection came in on (ApiServer).
        if (metricsListen is not null && metricsListen.Port == listen.Port)
            throw new InvalidOperationException($"{manifestPath}: metrics ({manifest.Metrics}) and the API ({manifest.Listen}) need ports of their own");
        var commandLine = KernelCommandLine.ReadFromProc();
        using var stopping = new CancellationTokenSource();
        using var signals = new ShutdownSignals(shutdown, FinalAction);
        // After RegisterSignals, which makes the runtime install its signal handlers: the reaper
        // then takes SIGCHLD over for good. Also as an ordinary process: waitpid(-1) there reaps
        // only the daemon's own children.
        using var reaper = new ChildReaper();
        using var executables = new Executables.ExecutableSupervisor(reaper);

        if (isInit)
            Hostname.SetAtBoot(manifest.Hostname);
        var devices = isInit ? BootDevices.Start(manifest, commandLine, stopping.Token) : BootDevices.None;
        if (isInit)
        {
            milestones.RecordWhen(devices.Modules, Metrics.BootMilestones.ModulesLoaded);
            milestones.RecordWhen(devices.Configured, Metrics.BootMilestones.NetworkConfigured);
        }

        var boot = BootIdentity.Load(manifest, Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, commandLine);
        var (identity, enrollment, enrollmentParameters) = (boot.Identity, boot.Status, boot.Parameters);
        var nodeInfo = new NodeInfoProvider(commandLine, devices.Modules);
        var cells = new Cells.CellRegistry(new Cells.CgroupHierarchy());
        // The TPM makes the attestation key in the background; Attest awaits it, nothing else does.
        var attestation = Tpm.NodeAttestation.Start(Tpm.DeviceTpmTransport.ResourceManagerPath, Firmware.SecureBootVariable.EfiRoot, devices.Modules, stopping.Token);
        var nodeService = new NodeService(nodeInfo, shutdown, FinalAction, "/sys", cells.PrivilegedCells, attestation);
        var kernelLog = new KernelLogReader();
        kernelLog.Start();
        cells.CellFreeing += name => executables.ForgetCell(name.Value);
        var state = new StateDirectories(isInit);
        var artifacts = Artifacts.ArtifactStore.Open(state.Artifacts is { } root
            ? new Artifacts.ArtifactStoreOptions { Root = root }
            : new Artifacts.ArtifactStoreOptions());
        var images = Containers.ImageStore.Open(state.Images, new Aurae.Contract.Oci.ImageLimits());
        var containers = Containers.ContainerRoots.Open(images, state.Containers);
        var sandboxes = new Sandbox.WorkloadSandboxes(Sandbox.WorkloadRootMountpoint.Prepare(state.WorkloadRoots), artifacts, containers);
        var app = ApiServer.Build(listen, identity, nodeInfo, nodeService,
            new ObserveService(kernelLog, new CellStatsReader(cells), executables),
            new Api.CellService(cells, executables, sandboxes),
            artifacts, images, executables, enrollment, containers,
            metricsListen is null ? null : new Metrics.MetricsSource(metricsListen, cells, milestones));
        // A specific address can only be bound once the interface has it; any address at once.
        if (!IsWildcard(listen.Address) || (metricsListen is not null && !IsWildcard(metricsListen.Address)))
            await devices.Configured;
        try
        {
            await app.StartAsync(stopping.Token);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            throw new InvalidOperationException($"cannot serve the API on {manifest.Listen} (node.yaml api.listen)" +
                (manifest.Metrics is null ? "" : $" and metrics on {manifest.Metrics} (api.metrics)") + $": {e.Message}", e);
        }
        milestones.Record(Metrics.BootMilestones.ApiServing);
        ConsoleLog.Info("api", $"serving gRPC on {manifest.Listen} (TLS 1.3, client certificate required) as " +
                               (enrollment is null ? manifest.Hostname : $"{NodeIdentity.UnenrolledName} until enrolled (health only)") +
                               (manifest.Metrics is null ? "" : $"; metrics on https://{manifest.Metrics}{Metrics.MetricsEndpoint.Path}"));
        BootHeap.Release();
        // Health answers while the node enrolls in the background.
        var enrolling = enrollmentParameters is null
            ? Task.CompletedTask
            : Task.Run(() => BootEnrollment.RunAsync(enrollmentParameters, identity, enrollment!, devices.Network, ownsHostname: isInit, stopping.Token));

        var action = await shutdown.Requested;
        ConsoleLog.Info("auraed", "stopping the API");
        using (var timeout = new CancellationTokenSource(StopTimeout))
            await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
        await stopping.CancelAsync();
        await devices.Running;
        await enrolling;
        return action;
    }

    private static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    /// <summary>How a requested shutdown ends: init powers the machine off; a process just exits.</summary>
    private PowerAction FinalAction => isInit ? PowerAction.PowerOff : PowerAction.Exit;
}
