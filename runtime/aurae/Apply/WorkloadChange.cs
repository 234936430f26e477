using Aurae.Api.Cells.V0;

namespace Aurae.Cli.Apply;

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
