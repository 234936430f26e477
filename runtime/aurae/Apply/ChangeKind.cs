namespace Aurae.Cli.Apply;

/// <summary>What apply does about a difference: add what is missing, replace what differs, remove what the file no longer names (pruning).</summary>
internal enum ChangeKind
{
    Add,
    Replace,
    Remove,
}
