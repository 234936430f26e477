using System.Text;
using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;
using Grpc.Net.Client;

namespace Aurae.Node.Tests.Workloads;

/// <summary>What one executable printed and how it ended.</summary>
public sealed record RemoteRunResult(string Stdout, string Stderr, ExecutableStatus Status);

/// <summary>Starts an executable in a cell and follows its output to the end, as `aurae run` does.</summary>
public static class RemoteRun
{
    public static async Task<RemoteRunResult> RunAsync(GrpcChannel channel, string cell, string name, params string[] argv)
    {
        var executable = new Executable { Name = name };
        executable.Argv.AddRange(argv);
        await new CellService.CellServiceClient(channel).StartAsync(
            new CellServiceStartRequest { CellName = cell, Executable = executable }, deadline: DateTime.UtcNow.AddSeconds(30));
        return await FollowAsync(channel, cell, name, TimeSpan.FromMinutes(2));
    }

    public static async Task<RemoteRunResult> FollowAsync(GrpcChannel channel, string cell, string name, TimeSpan timeout)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var call = new ExecutableService.ExecutableServiceClient(channel).Output(
            new OutputRequest { CellName = cell, ExecutableName = name, Follow = true }, deadline: DateTime.UtcNow + timeout);
        ExecutableStatus? status = null;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            var chunk = call.ResponseStream.Current;
            var text = chunk.Data.ToStringUtf8();
            if (chunk.Channel == OutputChunk.Types.Channel.Stdout)
                stdout.Append(text);
            else if (chunk.Channel == OutputChunk.Types.Channel.Stderr)
                stderr.Append(text);
            status = chunk.FinalStatus ?? status;
        }
        return new RemoteRunResult(stdout.ToString(), stderr.ToString(),
            status ?? throw new InvalidOperationException($"the output of {cell}/{name} ended without a final status"));
    }
}
