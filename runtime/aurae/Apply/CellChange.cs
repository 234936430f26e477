using Aurae.Api.Cells.V0;

namespace Aurae.Cli.Apply;

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
