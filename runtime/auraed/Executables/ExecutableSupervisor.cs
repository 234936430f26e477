using Aurae.Contract.Names;
using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;
using Aurae.Daemon.Failures;
using Aurae.Daemon.Init;
using Aurae.Daemon.Logging;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Executables;

/// <summary>
/// Starts executables in cells, captures their output, reports their status and stops them.
/// Exits are learnt from the daemon's <see cref="ChildReaper"/> (the only waitpid caller).
/// Ended executables stay listed, with their output, until their cell is forgotten or more
/// than <c>maxEnded</c> have ended (the oldest go first); one its restart policy starts again is
/// not counted among them. Whatever stops a workload (Stop, Remove, a freed cell) marks it under
/// both locks, so a restart being launched either sees the mark and is abandoned, or has started
/// and is what gets stopped.
/// </summary>
public sealed class ExecutableSupervisor : IDisposable
{
    public const int DefaultMaxEnded = 1000;
    public const int SIGTERM = 15;

    private readonly ChildReaper _reaper;
    private readonly int _maxEnded;
    private readonly int _outputCapacity;
    private readonly OutputPump _pump = new();
    private readonly RestartBackOff _backOff;

    // Cells' executables by name, and the ended ones in the order they ended.
    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<string, SupervisedExecutable>> _cells = new(StringComparer.Ordinal);
    private readonly LinkedList<SupervisedExecutable> _ended = new();

    // Freed cells' runs, until what they held (ports, a container's root and its image pin) is released.
    private readonly Dictionary<string, Task> _releasing = new(StringComparer.Ordinal);

    // Running executables by pid. Held across the spawn, so that an exit the reaper reports
    // at once (a process can end before aurae_spawn returns) always finds its executable.
    private readonly object _spawnGate = new();
    private readonly Dictionary<int, SupervisedExecutable> _running = [];

    internal ExecutableSupervisor(ChildReaper reaper, int maxEnded = DefaultMaxEnded, int outputCapacity = OutputBuffer.DefaultCapacity,
        RestartBackOff? backOff = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEnded, 0);
        _reaper = reaper;
        _maxEnded = maxEnded;
        _outputCapacity = outputCapacity;
        _backOff = backOff ?? RestartBackOff.Default;
        _reaper.ChildExited += OnChildExited;
    }

    /// <summary>
    /// Starts the workload <paramref name="spec"/> in cell <paramref name="cellName"/>, each run
    /// made ready by <paramref name="prepare"/> (its cgroup, sandbox and a container's root), so
    /// that its restart policy can start it again the same way after it ends.
    /// </summary>
    public async Task<ExecutableStatus> StartAsync(string cellName, Executable spec, Func<CancellationToken, Task<WorkloadLaunch>> prepare,
        CancellationToken ct)
    {
        if (!Enum.IsDefined(spec.Restart))
            throw FailureException.Invalid($"executable.restart: {(int)spec.Restart} is no restart policy (never, on-failure, always)");
        var launch = await prepare(ct);
        var supervision = new Supervision(spec.Clone(), spec.Restart, prepare, launch.ImageDigest, Restarts: 0, ShortRuns: 0);
        return await StartAsync(cellName, launch, supervision, replacing: null, ct);
    }

    /// <summary>Starts <paramref name="executable"/> in the node's namespaces (as in a privileged cell).</summary>
    public Task<ExecutableStatus> StartAsync(string cellName, string? cgroupDirectory, Executable executable, CancellationToken ct) =>
        StartAsync(cellName, cgroupDirectory, executable, null, ct);

    /// <summary>
    /// Starts <paramref name="executable"/> in cell <paramref name="cellName"/>, inside the cgroup
    /// directory <paramref name="cgroupDirectory"/> (null: the daemon's own cgroup), isolated in
    /// <paramref name="sandbox"/> (null: in the node's namespaces, for a privileged cell).
    /// </summary>
    /// <param name="resources">Disposed when the executable ends, or at once if it cannot start (a container's root).</param>
    public Task<ExecutableStatus> StartAsync(string cellName, string? cgroupDirectory, Executable executable,
        Sandbox.WorkloadSandbox? sandbox, CancellationToken ct, IAsyncDisposable? resources = null) =>
        StartAsync(cellName, new WorkloadLaunch(cgroupDirectory, executable, sandbox, resources, ""), Supervision.Once(executable), replacing: null, ct);

    /// <param name="replacing">A restart: the ended run whose name this run takes over, unless it was stopped or forgotten meanwhile.</param>
    private async Task<ExecutableStatus> StartAsync(string cellName, WorkloadLaunch launch, Supervision supervision,
        SupervisedExecutable? replacing, CancellationToken ct)
    {
        var (cgroupDirectory, executable, sandbox, resources, _) = launch;
        LaunchPlan plan;
        SupervisedExecutable started;
        try
        {
            ct.ThrowIfCancellationRequested();
            RequireCellName(cellName);
            plan = LaunchPlan.From(executable, sandbox);
            started = new SupervisedExecutable(cellName, plan.Name, _outputCapacity)
            {
                IsContainer = executable.Image.Length > 0,
                Supervision = supervision,
                Predecessor = replacing,
            };
            Reserve(started, replacing);
        }
        catch
        {
            if (resources is not null)
                _ = resources.DisposeAsync().AsTask();
            throw;
        }
        ProcessLauncher.Launched launched;
        Ports.PortForwarder? ports = null;
        try
        {
            // Before the process exists: a port the node cannot give fails the start cleanly.
            ports = Ports.PortForwarder.Bind(executable.Ports, sandbox?.OwnNetwork ?? false);
            lock (_spawnGate)
            {
                // Stopped, removed or its cell freed since this restart took the name.
                if (started.StopRequested)
                    throw new RestartAbandonedException();
                launched = ProcessLauncher.Launch(plan, cgroupDirectory);
                started.MarkStarted(launched.Pid, launched.WorkloadStatusFd, ports, resources);
                _running[launched.Pid] = started;
                started.Predecessor = null;
            }
        }
        catch
        {
            if (ports is not null)
                _ = ports.DisposeAsync().AsTask();
            if (resources is not null)
                _ = resources.DisposeAsync().AsTask();
            lock (_gate)
                Unreserve(started, replacing);
            throw;
        }
        // Outside the spawn lock: other starts go on while this one builds its root.
        try
        {
            await ExecReport.AwaitAsync(launched, plan, cgroupDirectory).ConfigureAwait(false);
        }
        catch
        {
            LibC.close(launched.StdoutFd);
            LibC.close(launched.StderrFd);
            // A start that failed is never restarted, whoever records its exit.
            started.RequestStop()?.Cancel();
            bool ours;
            lock (_spawnGate)
                ours = _running.Remove(launched.Pid);
            // The failed child exits 127: unless the reaper already recorded it, record it here
            // (its status pipe and what it held are released), and forget it either way.
            if (ours)
            {
                started.MarkEnded(127 << 8, readWorkloadStatus: false);
                started.Release();
            }
            lock (_gate)
            {
                ForgetEnded(started);
                Unreserve(started, replacing);
            }
            throw;
        }
        ports?.Forward(launched.Pid, $"{cellName}/{plan.Name}");
        Capture(launched.StdoutFd, started.Stdout);
        Capture(launched.StderrFd, started.Stderr);
        return started.ToStatus();
    }

    // The process runs either way: failing to capture its output must not fail the start.
    private void Capture(int fd, OutputBuffer sink)
    {
        try
        {
            _pump.Add(fd, sink);
        }
        catch (IOException e)
        {
            ConsoleLog.Error("executables", $"output of an executable will not be captured: {e.Message}");
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/>, waits up to <paramref name="grace"/> for the executable to
    /// end, then kills it (SIGKILL). Returns how it ended; at once if it already had.
    /// </summary>
    public async Task<ExecutableStatus> StopAsync(string cellName, string executableName, int signal, TimeSpan grace, CancellationToken ct)
    {
        if (signal is < 1 or > 64)
            throw new FailureException(FailureKind.InvalidRequest, $"signal {signal} is not a Linux signal number (1-64)");
        if (grace < TimeSpan.Zero)
            throw new FailureException(FailureKind.InvalidRequest, "the grace period cannot be negative");
        SupervisedExecutable executable;
        var pending = new List<CancellationTokenSource>();
        lock (_gate)
        {
            executable = MarkStopped(cellName, executableName, pending);
            // Ended, and now it will not start again: it is an ended executable like any other.
            if (executable.HasEnded && IsKept(executable))
                KeepEnded(executable);
        }
        CancelOutsideLocks(pending);
        if (!executable.Signal(signal))
            return await executable.Ended.WaitAsync(ct);
        try
        {
            return await executable.Ended.WaitAsync(grace, ct);
        }
        catch (TimeoutException)
        {
        }
        executable.Kill();
        return await executable.Ended.WaitAsync(ct);
    }

    /// <summary>
    /// Forgets an ended executable (its status, output and any pending restart), so its name may
    /// be started again. A running one must be stopped first.
    /// </summary>
    public ExecutableStatus Remove(string cellName, string executableName)
    {
        var pending = new List<CancellationTokenSource>();
        SupervisedExecutable executable;
        lock (_gate)
        {
            executable = Find(cellName, executableName);
            if (!executable.HasEnded)
                throw new FailureException(FailureKind.WrongState,
                    $"'{cellName}/{executableName}' is running: stop it first (CellService.Stop)");
            // A restart pending or being launched goes with it: the launch sees the mark and gives up.
            MarkStopped(cellName, executableName, pending);
            ForgetEnded(executable);
            RemoveFromCell(Entry(cellName, executableName)!);
        }
        CancelOutsideLocks(pending);
        return executable.ToStatus();
    }

    /// <summary>Completes with the executable's final status once it has ended.</summary>
    public Task<ExecutableStatus> WaitForEndAsync(string cellName, string executableName, CancellationToken ct) =>
        Find(cellName, executableName).Ended.WaitAsync(ct);

    public ExecutableStatus Status(string cellName, string executableName) => Find(cellName, executableName).ToStatus();

    /// <summary>Every known executable of <paramref name="cellName"/> (null or empty: of every cell), by cell then name.</summary>
    public IReadOnlyList<ExecutableStatus> List(string? cellName)
    {
        List<SupervisedExecutable> known;
        lock (_gate)
        {
            known = string.IsNullOrEmpty(cellName)
                ? _cells.Values.SelectMany(cell => cell.Values).ToList()
                : _cells.TryGetValue(cellName, out var cell) ? [.. cell.Values] : [];
        }
        return known.Select(Visible).OfType<SupervisedExecutable>()
            .OrderBy(e => e.CellName, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => e.ToStatus()).ToList();
    }

    /// <summary>How many started executables there are of each kind (container or not) and state, every cell together.</summary>
    public IReadOnlyList<(bool Container, ExecutableStatus.Types.State State, int Count)> CountByKindAndState()
    {
        List<SupervisedExecutable> known;
        lock (_gate)
            known = [.. _cells.Values.SelectMany(cell => cell.Values)];
        return [.. known.Select(Visible).OfType<SupervisedExecutable>().GroupBy(e => (e.IsContainer, e.ToStatus().State))
            .Select(group => (group.Key.IsContainer, group.Key.State, group.Count()))];
    }

    /// <summary>
    /// The captured output (what the bounded buffers still hold); with <paramref name="follow"/>,
    /// then new output until the executable ends, and a last chunk carrying its final status.
    /// </summary>
    public IAsyncEnumerable<OutputChunk> ReadOutputAsync(string cellName, string executableName, bool follow, CancellationToken ct) =>
        OutputReader.ReadAsync(Find(cellName, executableName), follow, ct);

    /// <summary>Drops every executable of a freed cell (its processes were killed with the cell).</summary>
    public void ForgetCell(string cellName)
    {
        var pending = new List<CancellationTokenSource>();
        lock (_gate)
        lock (_spawnGate)
        {
            if (!_cells.Remove(cellName, out var executables))
                return;
            foreach (var executable in executables.Values)
            {
                foreach (var run in new[] { executable, executable.Predecessor })
                    if (run?.RequestStop() is { } restart)
                        pending.Add(restart);
                ForgetEnded(executable);
            }
            // The cell's processes are being killed: each run's end completes once it is reaped and released.
            _releasing[cellName] = Task.WhenAll(executables.Values.Where(e => e.IsStarted).Select(e => (Task)e.Ended));
        }
        CancelOutsideLocks(pending);
    }

    /// <summary>
    /// Completes when the runs of the freed cell <paramref name="cellName"/> and of the cells in it
    /// have released what they held, so that whoever freed it may at once reuse their ports or
    /// remove their images; or after <paramref name="atMost"/>, whichever comes first.
    /// </summary>
    public async Task CellReleasedAsync(string cellName, TimeSpan atMost)
    {
        Task[] releasing;
        lock (_gate)
        {
            var freed = _releasing.Keys.Where(name => name == cellName || name.StartsWith(cellName + "/", StringComparison.Ordinal)).ToList();
            releasing = [.. freed.Select(name => _releasing[name])];
            foreach (var name in freed)
                _releasing.Remove(name);
        }
        try
        {
            await Task.WhenAll(releasing).WaitAsync(atMost).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            ConsoleLog.Warn("executables", $"cell '{cellName}': its workloads' resources were not released within {atMost.TotalSeconds:0} s");
        }
    }

    /// <summary>
    /// Marks the named workload stopped (a restart being launched then gives up) and returns what
    /// it reports as; a pending restart's cancellation is added to <paramref name="pending"/>.
    /// Callers hold _gate; the spawn gate is taken here, so the mark and a launch's check of it
    /// do not interleave.
    /// </summary>
    private SupervisedExecutable MarkStopped(string cellName, string executableName, List<CancellationTokenSource> pending)
    {
        lock (_spawnGate)
        {
            var executable = Find(cellName, executableName);
            foreach (var run in new[] { Entry(cellName, executableName)!, executable })
                if (run.RequestStop() is { } restart)
                    pending.Add(restart);
            return executable;
        }
    }

    // A cancelled restart's continuations may run inline: never under the supervisor's locks.
    private static void CancelOutsideLocks(List<CancellationTokenSource> pending)
    {
        foreach (var restart in pending)
            restart.Cancel();
    }

    private void OnChildExited(int pid, int rawStatus)
    {
        SupervisedExecutable? executable;
        lock (_spawnGate)
        {
            // Not ours (another module's child, an orphan, a failed spawn): nothing to do.
            if (!_running.Remove(pid, out executable))
                return;
        }
        executable.MarkEnded(rawStatus);
        var supervision = executable.Supervision;
        var restarts = supervision.Prepare is not null && RestartBackOff.Wants(supervision.Policy, executable.ToStatus());
        // Bookkeeping first, then the waiters: whoever was waiting for this end must find the
        // kept list already updated (oldest ended ones evicted), or the restart scheduled.
        lock (_gate)
        {
            if (IsKept(executable) // else its cell was forgotten meanwhile
                && !(restarts && ScheduleRestart(executable, _backOff.ShortRuns(supervision.ShortRuns, executable.RanFor))))
                KeepEnded(executable);
        }
        executable.Release();
    }

    // Callers hold _gate. Counts an ended executable among those kept, the oldest going past the limit.
    private void KeepEnded(SupervisedExecutable executable)
    {
        if (executable.EndedNode is not null)
            return;
        executable.EndedNode = _ended.AddLast(executable);
        while (_ended.Count > _maxEnded)
        {
            var oldest = _ended.First!.Value;
            _ended.RemoveFirst();
            oldest.EndedNode = null;
            RemoveFromCell(oldest);
        }
    }

    // Callers hold _gate.
    private void ForgetEnded(SupervisedExecutable executable)
    {
        if (executable.EndedNode is { } node)
        {
            _ended.Remove(node);
            executable.EndedNode = null;
        }
    }

    /// <summary>
    /// Starts <paramref name="ended"/> again after the back-off, unless it is stopped, removed or its
    /// cell freed first. False when a stop came first. Callers hold _gate.
    /// </summary>
    private bool ScheduleRestart(SupervisedExecutable ended, int shortRuns)
    {
        var delay = _backOff.Delay(shortRuns);
        if (ended.ScheduleRestart(DateTimeOffset.UtcNow.Add(delay).ToUnixTimeMilliseconds()) is not { } cancelled)
            return false;
        _ = RestartAsync(ended, delay, shortRuns, cancelled);
        return true;
    }

    private async Task RestartAsync(SupervisedExecutable ended, TimeSpan delay, int shortRuns, CancellationToken cancelled)
    {
        try
        {
            // Forced to yield: this runs first under the caller's lock.
            await Task.Delay(delay, cancelled).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            // Its ports and a container's root are released before the next run wants them.
            await ended.Ended.WaitAsync(cancelled).ConfigureAwait(false);
            var supervision = ended.Supervision;
            var launch = await supervision.Prepare!(cancelled).ConfigureAwait(false);
            await StartAsync(ended.CellName, launch,
                supervision with { ImageDigest = launch.ImageDigest, Restarts = supervision.Restarts + 1, ShortRuns = shortRuns },
                replacing: ended, cancelled).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Stopped meanwhile: the ended run stays, as any ended one. A run that could not start
            // (an image removed, a port taken) counts as a short run: the next attempt waits longer.
            // A freed cell ends the attempts (not kept).
            var stopped = e is RestartAbandonedException || (e is OperationCanceledException && cancelled.IsCancellationRequested);
            lock (_gate)
            {
                if (!IsKept(ended))
                    return;
                if (!stopped && ScheduleRestart(ended, shortRuns + 1))
                {
                    ConsoleLog.Warn("executables", $"{ended.CellName}/{ended.Name}: restart failed, trying again: {e.Message}");
                    return;
                }
                KeepEnded(ended);
            }
        }
    }

    /// <summary>A restart whose run was stopped, removed or whose cell was freed while it was being prepared.</summary>
    private sealed class RestartAbandonedException() : Exception("the workload was stopped while its restart was prepared");

    private void Reserve(SupervisedExecutable executable, SupervisedExecutable? replacing)
    {
        lock (_gate)
        {
            if (replacing is not null)
            {
                if (!IsKept(replacing) || replacing.StopRequested)
                    throw new RestartAbandonedException();
                _cells[executable.CellName][executable.Name] = executable;
                ForgetEnded(replacing);
                return;
            }
            if (!_cells.TryGetValue(executable.CellName, out var cell))
                _cells[executable.CellName] = cell = new Dictionary<string, SupervisedExecutable>(StringComparer.Ordinal);
            if (!cell.TryAdd(executable.Name, executable))
                throw new FailureException(FailureKind.AlreadyExists,
                    $"cell '{executable.CellName}' already has an executable named '{executable.Name}'");
        }
    }

    private SupervisedExecutable Find(string cellName, string executableName)
    {
        RequireCellName(cellName);
        if (ExecutableName.Validate(executableName) is { } problem)
            throw FailureException.Invalid(problem);
        lock (_gate)
        {
            if (Entry(cellName, executableName) is { } entry && Visible(entry) is { } executable)
                return executable;
        }
        throw new FailureException(FailureKind.NotFound, $"cell '{cellName}' has no executable named '{executableName}'");
    }

    // Callers hold _gate. The name's entry in any state: reserved, started, or a restart being launched.
    private SupervisedExecutable? Entry(string cellName, string executableName) =>
        _cells.TryGetValue(cellName, out var cell) && cell.TryGetValue(executableName, out var entry) ? entry : null;

    /// <summary>What an entry reports as: itself once started, a launching restart's predecessor, or nothing (a first start under way).</summary>
    private static SupervisedExecutable? Visible(SupervisedExecutable entry)
    {
        // The predecessor first: a launch starts the entry, then clears it; read the other way a
        // reader could see neither.
        var predecessor = entry.Predecessor;
        return entry.IsStarted ? entry : predecessor;
    }

    // Callers hold _gate.
    private bool IsKept(SupervisedExecutable executable) =>
        _cells.TryGetValue(executable.CellName, out var cell) && cell.TryGetValue(executable.Name, out var kept) && ReferenceEquals(kept, executable);

    // Callers hold _gate. A restart that failed to start gives the name back to the ended run
    // (whose restart decides whether it is tried again or kept as ended).
    private void Unreserve(SupervisedExecutable started, SupervisedExecutable? replacing)
    {
        if (replacing is null || !IsKept(started))
        {
            RemoveFromCell(started);
            return;
        }
        _cells[started.CellName][started.Name] = replacing;
    }

    // Callers hold _gate.
    private void RemoveFromCell(SupervisedExecutable executable)
    {
        if (!IsKept(executable))
            return;
        var cell = _cells[executable.CellName];
        cell.Remove(executable.Name);
        if (cell.Count == 0)
            _cells.Remove(executable.CellName);
    }

    private static void RequireCellName(string cellName)
    {
        if (string.IsNullOrEmpty(cellName))
            throw new FailureException(FailureKind.InvalidRequest, "a cell name is required");
    }

    public void Dispose()
    {
        _reaper.ChildExited -= OnChildExited;
        // No restart may follow the daemon's end.
        var pending = new List<CancellationTokenSource>();
        lock (_gate)
        lock (_spawnGate)
            foreach (var executable in _cells.Values.SelectMany(cell => cell.Values))
                foreach (var run in new[] { executable, executable.Predecessor })
                    if (run?.RequestStop() is { } restart)
                        pending.Add(restart);
        CancelOutsideLocks(pending);
        _pump.Dispose();
    }
}
