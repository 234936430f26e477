using Aurae.Cli.Output;
using Aurae.Contract.Client;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Aurae.Cli;

/// <summary>
/// Runs a call on every selected node at once and turns the outcome into output and an exit
/// code: 0 when every node succeeded, 1 when any failed (each failure named on stderr).
/// </summary>
internal static class NodeFanOut
{
    public static async Task<IReadOnlyList<NodeResult<T>>> RunAsync<T>(NodeSession session,
        Func<NodeTarget, GrpcChannel, CancellationToken, Task<T>> call, CancellationToken cancellation)
    {
        var calls = session.Targets.Select(async target =>
        {
            try
            {
                using var channel = session.OpenChannel(target);
                return NodeResult<T>.Succeeded(target, await call(target, channel, cancellation));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                var failure = RpcFailure.From(e, target.Name);
                session.Output.Complete(target);
                session.Output.Failure(target, failure.Describe());
                return NodeResult<T>.Failed(target, failure);
            }
        });
        return await Task.WhenAll(calls);
    }

    /// <summary>A call with one answer per node, printed in node order once all have answered.</summary>
    public static Task<int> UnaryAsync<T>(NodeSession session, Func<GrpcChannel, CancellationToken, Task<T>> call,
        Func<T, string> render, CancellationToken cancellation) where T : class, IMessage =>
        UnaryAsync(session, (_, channel, token) => call(channel, token), render, cancellation);

    /// <summary><see cref="UnaryAsync{T}(NodeSession, Func{GrpcChannel, CancellationToken, Task{T}}, Func{T, string}, CancellationToken)"/> for a call that needs to know its node.</summary>
    public static async Task<int> UnaryAsync<T>(NodeSession session, Func<NodeTarget, GrpcChannel, CancellationToken, Task<T>> call,
        Func<T, string> render, CancellationToken cancellation) where T : class, IMessage
    {
        var results = await RunAsync(session, call, cancellation);
        Print(session, results, render);
        return ExitCode(results);
    }

    /// <summary>0 when every node succeeded, 1 when any failed.</summary>
    public static int ExitCode<T>(IReadOnlyList<NodeResult<T>> results) => results.Any(r => r.Failure is not null) ? 1 : 0;

    public static void Print<T>(NodeSession session, IReadOnlyList<NodeResult<T>> results, Func<T, string> render) where T : class, IMessage
    {
        if (session.Json && session.IsFanOut)
        {
            var keyed = JsonOutput.Keyed(results.Select(r => new NodeResult<IMessage>(r.Node, r.Value, r.Failure)));
            session.Output.Plain(keyed);
            return;
        }
        foreach (var result in results.Where(r => r.Value is not null))
        {
            if (session.Json)
                session.Output.Line(result.Node, error: false, JsonOutput.Format(result.Value!));
            else
                session.Output.Text(result.Node, render(result.Value!));
        }
    }

    /// <summary>An item of a stream: a line of text, or of JSON (tagged with the node when there are several).</summary>
    public static void PrintItem(NodeSession session, NodeTarget node, IMessage item, Func<string> render)
    {
        if (!session.Json)
            session.Output.Line(node, error: false, render());
        else if (session.IsFanOut)
            session.Output.Plain(JsonOutput.Tagged(node.Name, item));
        else
            session.Output.Line(node, error: false, JsonOutput.Format(item));
    }
}
