using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;
using Aurae.Contract.Client;
using Aurae.Cli.Output;
using Grpc.Core;

namespace Aurae.Cli.Commands;

/// <summary>
/// Copies an executable's output (ExecutableService.Output) to stdout and stderr as it comes,
/// and returns its final status when the stream carries one (a followed stream ends with it).
/// </summary>
internal static class OutputFollower
{
    public static async Task<ExecutableStatus?> FollowAsync(ExecutableService.ExecutableServiceClient client, NodeTarget node,
        NodeOutput output, string cellName, string executableName, bool follow, CancellationToken cancellation)
    {
        var request = new OutputRequest { CellName = cellName, ExecutableName = executableName, Follow = follow };
        using var call = client.Output(request, cancellationToken: cancellation);
        ExecutableStatus? final = null;
        try
        {
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellation))
            {
                var isError = chunk.Channel == OutputChunk.Types.Channel.Stderr;
                if (chunk.DroppedBefore > 0)
                {
                    output.Complete(node);
                    output.Line(node, error: true,
                        $"[aurae: {chunk.DroppedBefore} bytes of {(isError ? "stderr" : "stdout")} lost: the program wrote faster than it was read]");
                }
                if (!chunk.Data.IsEmpty)
                    output.Bytes(node, isError, chunk.Data.Span);
                if (chunk.FinalStatus is { } status)
                    final = status;
            }
        }
        finally
        {
            output.Complete(node);
        }
        return final;
    }
}
