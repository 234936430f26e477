using Aurae.Api.Cells.V0;
using Aurae.Daemon.Failures;
using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Cells;

/// <summary>
/// The cells this daemon has allocated, each backed by a cgroup under <see cref="CgroupHierarchy"/>.
/// Changes (allocate, free) run one at a time; reads and <see cref="CgroupPathForProcesses"/> may
/// run alongside them. Every failure is a <see cref="FailureException"/> of a kind a client can act on.
///
/// Nesting follows cgroup v2's "no internal processes" rule: a cell with child cells runs no
/// processes (<see cref="CgroupPathForProcesses"/> refuses it), and a cell with processes cannot
/// get a child (Allocate refuses it). When its last child is freed, a cell may run processes again.
/// </summary>
public sealed class CellRegistry(CgroupHierarchy hierarchy, TimeSpan? drainTimeout = null)
{
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(10);

    private readonly TimeSpan drainTimeout = drainTimeout ?? DefaultDrainTimeout;
    private readonly SemaphoreSlim changes = new(1, 1);
    private readonly Lock gate = new();
    private readonly Dictionary<CellName, AllocatedCell> cells = new();
    private readonly CellIdRanges idRanges = new();

    /// <summary>
    /// Raised for each cell Free is about to kill, children before parents, so whatever tracks the
    /// cell's executables can forget them. A handler that throws is logged and does not stop Free.
    /// Handlers run while Free holds the registry's change lock: they must not allocate or free cells.
    /// </summary>
    public event Action<CellName>? CellFreeing;

    public CgroupHierarchy Hierarchy => hierarchy;

    /// <summary>Validates the cell, makes its cgroup and writes its limits; on any failure nothing is left behind.</summary>
    public async Task<CellName> AllocateAsync(Cell cell, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var name = CellName.Parse(cell.Name);
        CellIsolation.Validate(cell);
        var limits = CellLimits.FromCell(cell);
        await changes.WaitAsync(cancellationToken);
        try
        {
            hierarchy.EnsureInitialized();
            var parent = name.Parent;
            AllocatedCell? parentCell = null;
            lock (gate)
            {
                if (cells.ContainsKey(name))
                    throw Failure(FailureKind.AlreadyExists, $"cell '{name}' is already allocated");
                if (parent is not null)
                {
                    if (!cells.TryGetValue(parent, out parentCell))
                        throw Failure(FailureKind.NotFound, $"cell '{name}' needs its parent cell '{parent}', which is not allocated");
                    if (parentCell.Freeing)
                        throw Failure(FailureKind.WrongState, $"cell '{name}': its parent cell '{parent}' is being freed");
                }
            }
            var firstChild = parentCell is not null && !HasChildren(parentCell.Name);
            if (parentCell is not null && hierarchy.HasProcesses(parentCell.Directory))
                throw Failure(FailureKind.WrongState,
                    $"cell '{parent}' runs processes, so it cannot have child cells (cgroup v2: no internal processes); stop them first");

            var directory = hierarchy.DirectoryOf(name);
            var created = false;
            CellIsolation isolation = cell.Privileged
                ? CellIsolation.Privileged.Instance
                : new CellIsolation.Isolated(idRanges.Take(), cell.IsolateNetwork);
            try
            {
                if (firstChild)
                    hierarchy.EnableChildControllers(parentCell!.Directory, parentCell.Name);
                hierarchy.CreateGroup(directory, name);
                created = true;
                foreach (var setting in limits.Settings())
                    hierarchy.Apply(directory, setting);
            }
            catch
            {
                Undo(name, directory, created, firstChild ? parentCell : null);
                if (isolation is CellIsolation.Isolated { Ids: var taken })
                    idRanges.Release(taken);
                throw;
            }

            var spec = cell.Clone();
            spec.Name = name.Value;
            if (isolation is CellIsolation.Isolated { Ids: var ids })
                spec.Ids = new UserNamespaceIds { First = ids.First, Count = Sandbox.IdRange.Size };
            lock (gate)
                cells[name] = new AllocatedCell(name, spec, directory, isolation);
            var settings = string.Join(", ", limits.Settings().Select(s => $"{s.File} {s.Value}"));
            ConsoleLog.Info("cells", $"allocated cell '{name}' at {directory}" + (settings.Length > 0 ? $" ({settings})" : ""));
            return name;
        }
        finally
        {
            changes.Release();
        }
    }

    /// <summary>
    /// Frees the cell and every cell nested in it, deepest first: raises <see cref="CellFreeing"/>,
    /// kills its processes, waits for them to be gone, removes its cgroup.
    /// </summary>
    public async Task FreeAsync(CellName name)
    {
        // Not cancellable: once processes are being killed, stopping half-way helps nobody.
        await changes.WaitAsync();
        try
        {
            List<AllocatedCell> doomed;
            lock (gate)
            {
                if (!cells.ContainsKey(name))
                    throw Failure(FailureKind.NotFound, $"cell '{name}' is not allocated");
                doomed = cells.Values
                    .Where(c => c.Name.Equals(name) || c.Name.IsDescendantOf(name))
                    .OrderByDescending(c => c.Name.Depth)
                    .ThenBy(c => c.Name.Value, StringComparer.Ordinal)
                    .ToList();
                foreach (var cell in doomed)
                    cell.Freeing = true;
            }
            try
            {
                foreach (var cell in doomed)
                {
                    RaiseFreeing(cell.Name);
                    await hierarchy.KillAsync(cell.Directory, cell.Name, drainTimeout);
                    hierarchy.RemoveGroup(cell.Directory, cell.Name);
                    lock (gate)
                        cells.Remove(cell.Name);
                    // Its processes are gone with its cgroup: nothing runs with these ids any more.
                    if (cell.Isolation is CellIsolation.Isolated { Ids: var ids })
                        idRanges.Release(ids);
                    ConsoleLog.Info("cells", $"freed cell '{cell.Name}'");
                }
            }
            finally
            {
                lock (gate)
                {
                    foreach (var cell in doomed)
                        cell.Freeing = false;
                }
            }
            if (name.Parent is { } parent && Find(parent) is { } parentCell && !HasChildren(parent))
                hierarchy.DisableChildControllers(parentCell.Directory, parent);
        }
        finally
        {
            changes.Release();
        }
    }

    /// <summary>The cells as a forest (top-level cells, children nested), by name, with live usage.</summary>
    public IReadOnlyList<CellGraphNode> List()
    {
        List<AllocatedCell> snapshot;
        lock (gate)
            snapshot = cells.Values.OrderBy(c => c.Name.Value, StringComparer.Ordinal).ToList();
        var nodes = new Dictionary<CellName, CellGraphNode>();
        var roots = new List<CellGraphNode>();
        // Ordinal order puts a parent before its children ("a" < "a/b"), so each parent's node exists first.
        foreach (var cell in snapshot)
        {
            var node = new CellGraphNode { Cell = cell.Spec.Clone(), Usage = CellUsageReader.Read(cell.Directory) };
            nodes[cell.Name] = node;
            if (cell.Name.Parent is { } parent && nodes.TryGetValue(parent, out var parentNode))
                parentNode.Children.Add(node);
            else
                roots.Add(node);
        }
        return roots;
    }

    /// <summary>The names of the cells that share the node (privileged), in order.</summary>
    public IReadOnlyList<string> PrivilegedCells()
    {
        lock (gate)
            return cells.Values.Where(c => c.Isolation is CellIsolation.Privileged)
                .Select(c => c.Name.Value).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The cell as allocated (a copy), or null.</summary>
    public Cell? Get(CellName name) => Find(name)?.Spec.Clone();

    public bool Exists(CellName name) => Find(name) is not null;

    /// <summary>
    /// The cgroup directory to put a cell's processes in (write the pid to its cgroup.procs, or
    /// clone3 with CLONE_INTO_CGROUP). NotFound for an unknown cell; WrongState when the
    /// cell has child cells (only leaf cells run processes) or is being freed.
    /// </summary>
    public string CgroupPathForProcesses(CellName name) => PlaceForProcesses(name).Directory;

    /// <summary>The cell's isolation (as allocated); NotFound for an unknown cell.</summary>
    public CellIsolation IsolationOf(CellName name) =>
        Find(name)?.Isolation ?? throw Failure(FailureKind.NotFound, $"cell '{name}' is not allocated");

    /// <summary>The cgroup directory and isolation for a new process of the cell (see <see cref="CgroupPathForProcesses"/>).</summary>
    public (string Directory, CellIsolation Isolation) PlaceForProcesses(CellName name)
    {
        lock (gate)
        {
            if (!cells.TryGetValue(name, out var cell))
                throw Failure(FailureKind.NotFound, $"cell '{name}' is not allocated");
            if (cell.Freeing)
                throw Failure(FailureKind.WrongState, $"cell '{name}' is being freed");
            var children = cells.Keys.Where(c => c.Parent?.Equals(name) == true).Select(c => c.Leaf).Order(StringComparer.Ordinal).ToList();
            if (children.Count > 0)
                throw Failure(FailureKind.WrongState,
                    $"cell '{name}' has child cells ({string.Join(", ", children)}); under cgroup v2 only cells without children run processes");
            return (cell.Directory, cell.Isolation);
        }
    }

    private void Undo(CellName name, string directory, bool created, AllocatedCell? parentToRestore)
    {
        try
        {
            if (created)
                hierarchy.RemoveGroup(directory, name);
            if (parentToRestore is not null)
                hierarchy.DisableChildControllers(parentToRestore.Directory, parentToRestore.Name);
        }
        catch (FailureException e)
        {
            ConsoleLog.Warn("cells", $"cell '{name}': cleaning up after a failed allocation: {e.Message}");
        }
    }

    private void RaiseFreeing(CellName name)
    {
        var handlers = CellFreeing;
        if (handlers is null)
            return;
        foreach (var handler in handlers.GetInvocationList().Cast<Action<CellName>>())
        {
            try
            {
                handler(name);
            }
            catch (Exception e)
            {
                ConsoleLog.Error("cells", $"cell '{name}': a CellFreeing handler failed: {e.Message}");
            }
        }
    }

    private AllocatedCell? Find(CellName name)
    {
        lock (gate)
            return cells.GetValueOrDefault(name);
    }

    private bool HasChildren(CellName name)
    {
        lock (gate)
            return cells.Keys.Any(c => c.Parent?.Equals(name) == true);
    }

    private static FailureException Failure(FailureKind kind, string message) => new(kind, message);
}
