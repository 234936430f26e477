using Aurae.Api.Cells.V0;
using Aurae.Daemon.Failures;
using Aurae.Daemon.Sandbox;

namespace Aurae.Daemon.Cells;

/// <summary>How a cell's workloads are separated from the node: isolated (the default) or privileged.</summary>
public abstract record CellIsolation
{
    private CellIsolation()
    {
    }

    /// <summary>Its own namespaces for every workload, with the cell's ids; its own network when asked.</summary>
    public sealed record Isolated(IdRange Ids, bool OwnNetwork) : CellIsolation;

    /// <summary>The node's namespaces, root and capabilities: an admin's explicit choice.</summary>
    public sealed record Privileged : CellIsolation
    {
        public static Privileged Instance { get; } = new();
    }

    /// <summary>Rejects what a Cell request asks for that cannot be had together.</summary>
    internal static void Validate(Cell cell)
    {
        if (cell.Privileged && (cell.IsolateProcess || cell.IsolateNetwork))
            throw new FailureException(FailureKind.InvalidRequest,
                "cell.privileged shares the node's namespaces, so it cannot be combined with isolate_process or isolate_network");
        if (cell.Ids is not null)
            throw new FailureException(FailureKind.InvalidRequest, "cell.ids: chosen by the node; leave it unset");
    }
}
