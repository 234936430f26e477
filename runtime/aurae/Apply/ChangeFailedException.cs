namespace Aurae.Cli.Apply;

/// <summary>A change the node refused or that failed on the way: which one, and why (the inner exception).</summary>
internal sealed class ChangeFailedException(PlannedChange change, Exception inner) : Exception($"{change}: {inner.Message}", inner)
{
    public PlannedChange Change { get; } = change;
}
