using System.Text;
using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;
using Grpc.Net.Client;

namespace Aurae.Bench.Node;

/// <summary>
/// One workload run as `aurae run` does it: Start, then Output with follow until the stream ends;
/// its last chunk carries the final status. Shared by the busybox and the container benchmarks so
/// that both time exactly the same two calls.
/// </summary>
public static class WorkloadRun
{
    public static async Task<(string Stdout, ExecutableStatus Status)> RunAsync(GrpcChannel channel, string cell, Executable executable)
    {
        await new CellService.CellServiceClient(channel).StartAsync(
            new CellServiceStartRequest { CellName = cell, Executable = executable }, deadline: Deadline());
        using var output = new ExecutableService.ExecutableServiceClient(channel).Output(
            new OutputRequest { CellName = cell, ExecutableName = executable.Name, Follow = true }, deadline: Deadline());
        var stdout = new StringBuilder();
        ExecutableStatus? status = null;
        while (await output.ResponseStream.MoveNext(CancellationToken.None))
        {
            var chunk = output.ResponseStream.Current;
            if (chunk.Channel == OutputChunk.Types.Channel.Stdout)
                stdout.Append(chunk.Data.ToStringUtf8());
            status = chunk.FinalStatus ?? status;
        }
        return (stdout.ToString(), status ?? throw new InvalidOperationException($"{cell}/{executable.Name} ended without a final status"));
    }

    // Generous: a node booted under TCG is two orders of magnitude slower than the host.
    public static DateTime Deadline() => DateTime.UtcNow.AddSeconds(60);
}
