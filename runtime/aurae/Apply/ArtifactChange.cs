namespace Aurae.Cli.Apply;

/// <summary>An artifact to push (added or with other content) or to delete.</summary>
internal sealed class ArtifactChange : PlannedChange
{
    private ArtifactChange(ChangeKind kind, string name, ArtifactContent? desired, string detail) : base(kind, detail) =>
        (Name, Desired) = (name, desired);

    public override string Subject => "artifact";

    public override string Name { get; }

    /// <summary>What to push; null for a removal.</summary>
    public ArtifactContent? Desired { get; }

    public static ArtifactChange Push(ArtifactContent desired, ChangeKind kind, string detail = "") =>
        kind == ChangeKind.Remove ? throw new ArgumentOutOfRangeException(nameof(kind)) : new(kind, desired.Declared.Name, desired, detail);

    public static ArtifactChange Delete(string name) => new(ChangeKind.Remove, name, null, "");
}
