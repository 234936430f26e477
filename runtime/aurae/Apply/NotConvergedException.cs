namespace Aurae.Cli.Apply;

/// <summary>Apply carried out its plan, yet the node, read again, still differs from the file (another client at work, a node that changed what it was given).</summary>
internal sealed class NotConvergedException(IReadOnlyList<PlannedChange> left)
    : Exception($"did not converge; read again, it still differs: {string.Join("; ", left)}")
{
    public IReadOnlyList<PlannedChange> Left { get; } = left;
}
