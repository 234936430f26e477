using Aurae.Api.Cells.V0;
using Aurae.Daemon.Cells;
using Aurae.Daemon.Executables;
using Aurae.Daemon.Sandbox;
using Aurae.Daemon.Tests.Artifacts;

namespace Aurae.Daemon.Tests.Executables;

/// <summary>
/// Runs executables the way a default cell does, on this machine: a temporary artifact store
/// holding the machine's static busybox as "busybox", the daemon's sandboxes, a supervisor.
/// Each test's cell gets its own id range, as the registry would give.
/// </summary>
internal sealed class IsolatedWorkload : IAsyncDisposable
{
    public const string Busybox = "/bin/busybox";
    private static int nextSlot = 100;

    private readonly TempArtifactStore artifacts = new(maxArtifactBytes: 8 << 20, maxTotalBytes: 16 << 20, maxChunkBytes: 1 << 20);

    private IsolatedWorkload()
    {
        var beside = Path.GetDirectoryName(artifacts.Options.Root)!;
        Images = global::Aurae.Daemon.Containers.ImageStore.Open(Path.Combine(beside, "images"), new global::Aurae.Contract.Oci.ImageLimits());
        Containers = global::Aurae.Daemon.Containers.ContainerRoots.Open(Images, Path.Combine(beside, "containers"));
        Sandboxes = new WorkloadSandboxes(artifacts.RootMountpoint(), artifacts.Store, Containers);
        Ids = new IdRange((uint)Interlocked.Increment(ref nextSlot));
    }

    public global::Aurae.Daemon.Containers.ImageStore Images { get; }

    public global::Aurae.Daemon.Containers.ContainerRoots Containers { get; }

    public ExecutableSupervisor Supervisor { get; } = ExecutablesTestSupport.NewSupervisor();

    public WorkloadSandboxes Sandboxes { get; }

    public IdRange Ids { get; }

    public TempArtifactStore Artifacts => artifacts;

    /// <summary>The busybox artifact's path in the store: argv[0] that binds it at the same path.</summary>
    public string BusyboxPath => artifacts.Store.NamesDirectory + "/busybox";

    public static async Task<IsolatedWorkload> CreateAsync()
    {
        var workload = new IsolatedWorkload();
        Assert.True(File.Exists(Busybox), $"{Busybox} is missing: install busybox-static (scripts/test does)");
        await workload.artifacts.PushAsync("busybox", await File.ReadAllBytesAsync(Busybox), executable: true, chunkSize: 1 << 20);
        return workload;
    }

    public Task<WorkloadSandbox?> SandboxAsync(Executable executable, bool ownNetwork = false) =>
        Sandboxes.ForAsync(new CellIsolation.Isolated(Ids, ownNetwork), executable, CancellationToken.None);

    /// <summary>Starts `busybox sh -c SCRIPT` isolated and collects everything it prints and how it ends.</summary>
    public async Task<ExecutablesTestSupport.Collected> RunAsync(string name, string script, bool ownNetwork = false, Action<Executable>? adjust = null)
    {
        var executable = ExecutablesTestSupport.Program(name, BusyboxPath, "sh", "-c", script);
        adjust?.Invoke(executable);
        await StartAsync(executable, ownNetwork);
        return await ExecutablesTestSupport.CollectAsync(Supervisor, name, TimeSpan.FromSeconds(30));
    }

    public async Task<ExecutableStatus> StartAsync(Executable executable, bool ownNetwork = false)
    {
        var prepared = await Sandboxes.PrepareAsync(new CellIsolation.Isolated(Ids, ownNetwork), executable, CancellationToken.None);
        return await Supervisor.StartAsync(ExecutablesTestSupport.TestCell, null, prepared.Executable, prepared.Sandbox, CancellationToken.None, prepared.Resources);
    }

    /// <summary>Starts a container of <paramref name="image"/> with these overrides and collects its output and end.</summary>
    public async Task<ExecutablesTestSupport.Collected> RunContainerAsync(string name, string image, Action<Executable>? adjust = null)
    {
        var executable = new Executable { Name = name, Image = image };
        adjust?.Invoke(executable);
        await StartAsync(executable);
        return await ExecutablesTestSupport.CollectAsync(Supervisor, name, TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        // A container's root is released just after its status is out: wait for that, so the
        // directories below are unmounted before they are removed.
        var running = Path.Combine(Path.GetDirectoryName(artifacts.Options.Root)!, "containers", "run");
        for (var attempt = 0; attempt < 100 && Directory.Exists(running) && Directory.EnumerateFileSystemEntries(running).Any(); attempt++)
            await Task.Delay(50);
        Supervisor.Dispose();
        artifacts.Dispose();
    }
}
