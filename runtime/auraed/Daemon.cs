using System.Net;
using System.Runtime.InteropServices;
using Aurae.Daemon.Api;
using Aurae.Daemon.Enrollment;
using Aurae.Daemon.Hosting;
using Aurae.Daemon.Init;
using Aurae.Daemon.Logging;
using Aurae.Daemon.Modules;
using Aurae.Daemon.Network;
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
        ConsoleLog.Info("auraed", $"version {NodeInfoProvider.DaemonVersion}, pid {Environment.ProcessId}" +
                                  (isInit ? ", running as init" : ""));
        if (isInit)
        {
            FilesystemMounts.MountAll();
            PowerControl.RouteCtrlAltDelToInit();
        }

        var manifest = NodeManifestFile.Load(manifestPath);
        var listen = IPEndPoint.Parse(manifest.Listen);
        var commandLine = KernelCommandLine.ReadFromProc();
        using var stopping = new CancellationTokenSource();
        using var signals = RegisterSignals();
        // After RegisterSignals, which makes the runtime install its signal handlers: the reaper
        // then takes SIGCHLD over for good. Also as an ordinary process: waitpid(-1) there reaps
        // only the daemon's own children.
        using var reaper = new ChildReaper();
        using var executables = new Executables.ExecutableSupervisor(reaper);

        var loadedModules = new List<string>();
        Task network = Task.CompletedTask;
        NetworkConfigurator? configurator = null;
        if (isInit)
        {
            Hostname.SetAtBoot(manifest.Hostname);
            loadedModules.AddRange(BootModules.Load(manifest.Modules, commandLine));

            configurator = new NetworkConfigurator(manifest.Network, commandLine);
            network = Task.Run(() => configurator.RunAsync(stopping.Token));
            // A specific address can only be bound once the interface has it.
            if (!listen.Address.Equals(IPAddress.Any) && !listen.Address.Equals(IPAddress.IPv6Any))
                await configurator.Configured;
        }

        var pkiDirectory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        NodeIdentity identity;
        EnrollmentStatus? enrollment = null;
        EnrollmentParameters? enrollmentParameters = null;
        if (manifest.Identity == NodeIdentitySource.Enroll)
        {
            // The CA only: the node's own key and certificate are made at this boot (see BootEnrollment).
            identity = NodeIdentity.LoadForEnrollment(manifest.Pki, pkiDirectory, TimeProvider.System);
            enrollmentParameters = EnrollmentParameters.Read(commandLine, out var problem);
            enrollment = new EnrollmentStatus(problem ?? $"enrolling with {enrollmentParameters!.Peer}");
            if (problem is not null)
                ConsoleLog.Warn(EnrollmentStatus.LogSource, $"not enrolling: {problem}; serving health only");
        }
        else
        {
            identity = NodeIdentity.Load(manifest.Pki, pkiDirectory);
        }
        var nodeInfo = new NodeInfoProvider(commandLine, loadedModules);
        var cells = new Cells.CellRegistry(new Cells.CgroupHierarchy());
        var nodeService = new NodeService(nodeInfo, shutdown, FinalAction, "/sys", cells.PrivilegedCells);
        var kernelLog = new KernelLogReader();
        kernelLog.Start();
        cells.CellFreeing += name => executables.ForgetCell(name.Value);
        var artifacts = Artifacts.ArtifactStore.Open(ArtifactStoreOptions());
        var images = Containers.ImageStore.Open(ImageStoreRoot, new Oci.ImageLimits());
        var containers = Containers.ContainerRoots.Open(images, ContainerRoot);
        var sandboxes = new Sandbox.WorkloadSandboxes(Sandbox.WorkloadRootMountpoint.Prepare(WorkloadRootMountpoint), artifacts, containers);
        var app = ApiServer.Build(listen, identity, nodeInfo, nodeService,
            new ObserveService(kernelLog, new CellStatsReader(cells), executables),
            new Api.CellService(cells, executables, sandboxes),
            artifacts, images, executables, enrollment, containers);
        try
        {
            await app.StartAsync(stopping.Token);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            throw new InvalidOperationException($"cannot serve the API on {manifest.Listen} (node.yaml api.listen): {e.Message}", e);
        }
        ConsoleLog.Info("api", $"serving gRPC on {manifest.Listen} (TLS 1.3, client certificate required) as " +
                               (enrollment is null ? manifest.Hostname : $"{NodeIdentity.UnenrolledName} until enrolled (health only)"));
        // Health answers while the node enrolls in the background.
        var enrolling = enrollmentParameters is null
            ? Task.CompletedTask
            : Task.Run(() => BootEnrollment.RunAsync(enrollmentParameters, identity, enrollment!, configurator, ownsHostname: isInit, stopping.Token));

        var action = await shutdown.Requested;
        ConsoleLog.Info("auraed", "stopping the API");
        using (var timeout = new CancellationTokenSource(StopTimeout))
            await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
        await stopping.CancelAsync();
        await network;
        await enrolling;
        return action;
    }

    /// <summary>The node's tmpfs as init; a private directory when run as an ordinary process.</summary>
    private Artifacts.ArtifactStoreOptions ArtifactStoreOptions() => isInit
        ? new Artifacts.ArtifactStoreOptions()
        : new Artifacts.ArtifactStoreOptions { Root = Path.Combine(Path.GetTempPath(), $"auraed-{Environment.ProcessId}", "artifacts") };

    /// <summary>Images on the node's tmpfs as init, like artifacts; a private directory when run as an ordinary process.</summary>
    private string ImageStoreRoot => isInit ? "/run/aurae/images" : Path.Combine(Path.GetTempPath(), $"auraed-{Environment.ProcessId}", "images");

    /// <summary>Containers' roots: on the node's tmpfs beside the images; a private directory as an ordinary process.</summary>
    private string ContainerRoot => isInit ? "/run/aurae/containers" : Path.Combine(Path.GetTempPath(), $"auraed-{Environment.ProcessId}", "containers");

    /// <summary>Where isolated workloads build their roots (see <see cref="Sandbox.WorkloadRootMountpoint"/>).</summary>
    private string WorkloadRootMountpoint => isInit
        ? Sandbox.WorkloadRootMountpoint.NodePath
        : Path.Combine(Path.GetTempPath(), $"auraed-{Environment.ProcessId}", "root");

    /// <summary>How a requested shutdown ends: init powers the machine off; a process just exits.</summary>
    private PowerAction FinalAction => isInit ? PowerAction.PowerOff : PowerAction.Exit;

    private IDisposable RegisterSignals()
    {
        var action = FinalAction;
        void Handler(PosixSignalContext context)
        {
            context.Cancel = true;
            shutdown.Request(action, $"signal {context.Signal}");
        }
        var registrations = new[]
        {
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler),
        };
        return new CompositeDisposable(registrations);
    }

    private sealed class CompositeDisposable(IEnumerable<IDisposable> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
                item.Dispose();
        }
    }
}
