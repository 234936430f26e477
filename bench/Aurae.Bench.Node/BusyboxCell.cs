using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Client;
using Grpc.Net.Client;

namespace Aurae.Bench.Node;

/// <summary>
/// busybox pushed to a node and a cell to run it in, over one channel: what an empty node needs
/// before it can run anything. Freeing the cell on dispose.
/// </summary>
public sealed class BusyboxCell : IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private int _runs;

    private BusyboxCell(GrpcChannel channel, string cell, string busybox)
    {
        _channel = channel;
        Cell = cell;
        Busybox = busybox;
    }

    public string Cell { get; }

    /// <summary>busybox's name link on the node: it picks its applet from argv[0]'s basename.</summary>
    public string Busybox { get; }

    /// <summary><paramref name="privileged"/>: a cell sharing the node's namespaces; otherwise an isolated one (the default).</summary>
    public static async Task<BusyboxCell> CreateAsync(GrpcChannel channel, string localBusybox, string cell, bool privileged = false)
    {
        var artifact = await ArtifactUploader.PushAsync(new ArtifactService.ArtifactServiceClient(channel), localBusybox, "busybox", executable: true);
        // The content lives at ROOT/sha256/HASH and its name link at ROOT/names/NAME.
        var root = Path.GetDirectoryName(Path.GetDirectoryName(artifact.Path))
                   ?? throw new InvalidOperationException($"unexpected artifact path '{artifact.Path}'");
        await new CellService.CellServiceClient(channel).AllocateAsync(
            new CellServiceAllocateRequest { Cell = new Cell { Name = cell, Privileged = privileged } }, deadline: WorkloadRun.Deadline());
        return new BusyboxCell(channel, cell, root + "/names/busybox");
    }

    /// <summary>Starts busybox APPLET ARGS... in the cell and follows its output to the final status, as `aurae run` does.</summary>
    public Task<(string Stdout, ExecutableStatus Status)> RunAsync(params string[] appletAndArguments)
    {
        var executable = new Executable { Name = $"run-{Interlocked.Increment(ref _runs)}" };
        executable.Argv.Add(Busybox);
        executable.Argv.AddRange(appletAndArguments);
        return WorkloadRun.RunAsync(_channel, Cell, executable);
    }

    public async ValueTask DisposeAsync() =>
        await new CellService.CellServiceClient(_channel).FreeAsync(new CellServiceFreeRequest { CellName = Cell }, deadline: WorkloadRun.Deadline());
}
