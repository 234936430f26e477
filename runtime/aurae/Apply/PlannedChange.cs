using Aurae.Api.Cells.V0;

namespace Aurae.Cli.Apply;

internal enum ChangeKind
{
    Add,
    Replace,
    Remove,
}

/// <summary>
/// One difference between workloads.yaml and a node, and what apply does about it. Shown as a
/// line: "+ cell web", "~ container web/httpd (args, env)", "- image old".
/// </summary>
internal abstract class PlannedChange(ChangeKind kind, string detail)
{
    public ChangeKind Kind { get; } = kind;

    /// <summary>Why, when it is not plain: the fields that differ, what a removal takes with it.</summary>
    public string Detail { get; } = detail;

    /// <summary>"artifact", "image", "cell", "container" or "executable".</summary>
    public abstract string Subject { get; }

    public abstract string Name { get; }

    public override string ToString() =>
        $"{Kind switch { ChangeKind.Add => '+', ChangeKind.Replace => '~', _ => '-' }} {Subject} {Name}{(Detail.Length > 0 ? $" ({Detail})" : "")}";
}

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

/// <summary>An image to push and import (added or with another config digest) or to remove.</summary>
internal sealed class ImageChange : PlannedChange
{
    private ImageChange(ChangeKind kind, string name, ImageContent? desired, string detail) : base(kind, detail) =>
        (Name, Desired) = (name, desired);

    public override string Subject => "image";

    public override string Name { get; }

    /// <summary>What to push; null for a removal.</summary>
    public ImageContent? Desired { get; }

    public static ImageChange Push(ImageContent desired, ChangeKind kind, string detail = "") =>
        kind == ChangeKind.Remove ? throw new ArgumentOutOfRangeException(nameof(kind)) : new(kind, desired.Declared.Name, desired, detail);

    public static ImageChange Delete(string name) => new(ChangeKind.Remove, name, null, "");
}

/// <summary>A cell to allocate, to free and allocate again with other limits, or to free.</summary>
internal sealed class CellChange : PlannedChange
{
    private CellChange(ChangeKind kind, string name, Cell? desired, string detail) : base(kind, detail) =>
        (Name, Desired) = (name, desired);

    public override string Subject => "cell";

    public override string Name { get; }

    /// <summary>The Allocate request; null for a removal.</summary>
    public Cell? Desired { get; }

    /// <summary>Nesting depth: children are freed before their parents and allocated after them.</summary>
    public int Depth => Name.Count(c => c == '/');

    public static CellChange Allocate(Cell desired, ChangeKind kind, string detail = "") =>
        kind == ChangeKind.Remove ? throw new ArgumentOutOfRangeException(nameof(kind)) : new(kind, desired.Name, desired, detail);

    public static CellChange Free(string name, string detail = "") => new(ChangeKind.Remove, name, null, detail);
}

/// <summary>
/// A workload to start, to replace (stop and remove the old one, start the new) or to stop and
/// remove. <see cref="OnNode"/> is false when freeing its cell ends it first.
/// </summary>
internal sealed class WorkloadChange : PlannedChange
{
    private WorkloadChange(ChangeKind kind, string cell, string name, string subject, Executable? desired, bool onNode, string detail)
        : base(kind, detail) =>
        (Cell, WorkloadName, Subject, Desired, OnNode) = (cell, name, subject, desired, onNode);

    public string Cell { get; }

    public string WorkloadName { get; }

    public override string Subject { get; }

    public override string Name => $"{Cell}/{WorkloadName}";

    /// <summary>The Start request's executable; null for a removal.</summary>
    public Executable? Desired { get; }

    /// <summary>Whether the old one is there to stop and remove when this change's turn comes.</summary>
    public bool OnNode { get; }

    public static WorkloadChange Start(DeclaredWorkload desired) =>
        new(ChangeKind.Add, desired.CellName, desired.Name, desired.Kind, desired.Spec, onNode: false, "");

    public static WorkloadChange Restart(DeclaredWorkload desired, ExecutableStatus? old, string detail) =>
        new(ChangeKind.Replace, desired.CellName, desired.Name, desired.Kind, desired.Spec, old is not null, detail);

    public static WorkloadChange Stop(ExecutableStatus old, bool onNode, string detail = "") =>
        new(ChangeKind.Remove, old.CellName, old.ExecutableName, old.Spec?.Image.Length > 0 ? "container" : "executable", null, onNode, detail);
}
