using Aurae.Contract.Client;

namespace Aurae.Cli.Apply;

/// <summary>How a node came out of a rollout: converged, failed (why), or not attempted (after which node's failure).</summary>
internal sealed record RolloutOutcome(NodeTarget Node, string? Failure, string? HaltedBy)
{
    public bool Converged => Failure is null && HaltedBy is null;
}
