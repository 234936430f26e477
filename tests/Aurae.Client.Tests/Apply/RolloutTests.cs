using System.Net;
using Aurae.Cli.Apply;
using Aurae.Contract.Client;

namespace Aurae.Client.Tests.Apply;

/// <summary>Nodes changed all at once, or at most N at a time in order, stopping after a failure.</summary>
public sealed class RolloutTests
{
    private static readonly NodeTarget[] Nodes = [.. Enumerable.Range(1, 5).Select(i => new NodeTarget($"n{i}", new IPEndPoint(IPAddress.Loopback, 9000 + i)))];

    [Fact]
    public async Task Without_a_limit_every_node_changes_at_once()
    {
        var counter = new Concurrency();
        var outcomes = await Rollout.RunAsync(Nodes, null, (_, _) => counter.HoldAsync(Nodes.Length), Describe, default);
        Assert.All(outcomes, outcome => Assert.True(outcome.Converged));
        Assert.Equal(Nodes.Length, counter.Highest);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task With_a_limit_no_more_nodes_change_at_once_and_in_order(int limit)
    {
        var counter = new Concurrency();
        var started = new List<string>();
        var outcomes = await Rollout.RunAsync(Nodes, limit, async (node, _) =>
        {
            lock (started)
                started.Add(node.Name);
            await counter.HoldAsync(limit);
        }, Describe, default);
        Assert.Equal(limit, counter.Highest);
        Assert.Equal(Nodes.Select(n => n.Name), started);
        Assert.Equal(Nodes, outcomes.Select(o => o.Node));
    }

    [Fact]
    public async Task After_a_failure_a_rolling_change_starts_no_more_nodes()
    {
        var touched = new List<string>();
        var outcomes = await Rollout.RunAsync(Nodes, 1, (node, _) =>
        {
            touched.Add(node.Name);
            return node.Name == "n2" ? throw new InvalidOperationException("refused") : Task.CompletedTask;
        }, Describe, default);
        Assert.Equal(["n1", "n2"], touched);
        Assert.True(outcomes[0].Converged);
        Assert.Equal("n2: refused", outcomes[1].Failure);
        Assert.All(outcomes.Skip(2), outcome => Assert.Equal("n2", outcome.HaltedBy));
        Assert.All(outcomes.Skip(1), outcome => Assert.False(outcome.Converged));
    }

    [Fact]
    public async Task Without_a_limit_a_failure_stops_no_other_node()
    {
        var outcomes = await Rollout.RunAsync(Nodes, null, (node, _) =>
            node.Name == "n1" ? throw new InvalidOperationException("down") : Task.CompletedTask, Describe, default);
        Assert.Equal("n1: down", outcomes[0].Failure);
        Assert.All(outcomes.Skip(1), outcome => Assert.True(outcome.Converged));
    }

    [Fact]
    public async Task A_limit_below_one_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Rollout.RunAsync(Nodes, 0, (_, _) => Task.CompletedTask, Describe, default));
    }

    private static string Describe(NodeTarget node, Exception e) => $"{node.Name}: {e.Message}";

    /// <summary>Counts changes under way; each waits until <c>expected</c> are (or a moment passes), so overlap shows.</summary>
    private sealed class Concurrency
    {
        private int current;

        public int Highest { get; private set; }

        public async Task HoldAsync(int expected)
        {
            lock (this)
                Highest = Math.Max(Highest, ++current);
            var deadline = DateTime.UtcNow.AddSeconds(2);
            while (Volatile.Read(ref current) < expected && DateTime.UtcNow < deadline)
                await Task.Delay(10);
            await Task.Delay(50);
            lock (this)
                current--;
        }
    }
}
