using Aurae.Api.Cells.V0;

namespace Aurae.Daemon.Cells;

/// <summary>What the registry remembers of a cell: its name, its spec as allocated, its cgroup, its isolation.</summary>
internal sealed class AllocatedCell(CellName name, Cell spec, string directory, CellIsolation isolation)
{
    public CellIsolation Isolation { get; } = isolation;

    public CellName Name { get; } = name;

    /// <summary>The request's Cell with the name normalised; never handed out without a clone.</summary>
    public Cell Spec { get; } = spec;

    public string Directory { get; } = directory;

    /// <summary>Set while Free works on it: no executable may be placed in it any more.</summary>
    public bool Freeing { get; set; }
}
