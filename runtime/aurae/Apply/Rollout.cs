using Aurae.Contract.Client;

namespace Aurae.Cli.Apply;

/// <summary>
/// Runs a change on nodes in their order. Without a limit every node goes at once. With
/// <c>maxUnavailable</c> N, at most N are being changed at a time (each is unavailable while
/// it is), and once one fails no further node is started, so a bad change stops short of the fleet.
/// </summary>
internal static class Rollout
{
    public static async Task<IReadOnlyList<RolloutOutcome>> RunAsync(IReadOnlyList<NodeTarget> nodes, int? maxUnavailable,
        Func<NodeTarget, CancellationToken, Task> change, Func<NodeTarget, Exception, string> describe, CancellationToken cancellationToken)
    {
        if (maxUnavailable is < 1)
            throw new ArgumentOutOfRangeException(nameof(maxUnavailable), maxUnavailable, "at least one node must be allowed to change");
        // Not disposed: on cancellation, changes under way still release their slot after this returns.
        var slots = new SemaphoreSlim(maxUnavailable ?? Math.Max(nodes.Count, 1));
        string? firstFailed = null;
        var outcomes = new List<Task<RolloutOutcome>>();
        foreach (var node in nodes)
        {
            await slots.WaitAsync(cancellationToken);
            if (maxUnavailable is not null && Volatile.Read(ref firstFailed) is { } failed)
            {
                slots.Release();
                outcomes.Add(Task.FromResult(new RolloutOutcome(node, null, failed)));
                continue;
            }
            outcomes.Add(RunOneAsync(node));
        }
        return await Task.WhenAll(outcomes);

        async Task<RolloutOutcome> RunOneAsync(NodeTarget node)
        {
            try
            {
                await change(node, cancellationToken);
                return new RolloutOutcome(node, null, null);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Interlocked.CompareExchange(ref firstFailed, node.Name, null);
                return new RolloutOutcome(node, describe(node, e), null);
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
