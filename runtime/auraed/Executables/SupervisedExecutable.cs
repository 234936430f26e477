using Aurae.Api.Cells.V0;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Executables;

/// <summary>
/// One executable the supervisor started: its process, its captured output and how it ended.
/// Reserved under its name before the process exists; a status is only reported once started.
/// </summary>
internal sealed class SupervisedExecutable(string cellName, string name, int outputCapacity)
{
    private const int SIGKILL = 9;

    private readonly object _gate = new();
    private readonly TaskCompletionSource<ExecutableStatus> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pid;
    private int _workloadStatusFd = -1;
    private Ports.PortForwarder? _ports;
    private IAsyncDisposable? _resources;
    private long _startedAtMs;
    private long _endedAtMs;
    private WaitStatus? _waitStatus;

    public string CellName { get; } = cellName;
    public string Name { get; } = name;
    public OutputBuffer Stdout { get; } = new(outputCapacity);
    public OutputBuffer Stderr { get; } = new(outputCapacity);

    /// <summary>Whether it runs in a root of its own from an image (a container), for the metrics' counts.</summary>
    public bool IsContainer { get; init; }

    /// <summary>
    /// For a restart, the ended run it replaces: reported in its place (List, Status, Stop, Remove)
    /// until this run has started, so the workload never seems to vanish while it restarts.
    /// </summary>
    public SupervisedExecutable? Predecessor { get; set; }

    /// <summary>Its request, restart policy and restarts so far.</summary>
    public Supervision Supervision { get; init; } = Supervision.Once(new Executable { Name = name });

    // Set by Stop, Remove and a freed cell: no restart may follow this run any more.
    private bool _stopRequested;
    private CancellationTokenSource? _restartCancellation;
    private long _restartAtMs;

    public bool StopRequested
    {
        get
        {
            lock (_gate)
                return _stopRequested;
        }
    }

    /// <summary>How long the process ran (zero until it has ended).</summary>
    public TimeSpan RanFor
    {
        get
        {
            lock (_gate)
                return _endedAtMs > 0 ? TimeSpan.FromMilliseconds(_endedAtMs - _startedAtMs) : TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Forbids any further restart (Stop, Remove, a freed cell). Returns the pending restart's
    /// cancellation, for the caller to cancel once it holds no lock; null when none is pending.
    /// </summary>
    public CancellationTokenSource? RequestStop()
    {
        lock (_gate)
        {
            _stopRequested = true;
            _restartAtMs = 0;
            return _restartCancellation;
        }
    }

    /// <summary>
    /// Marks a restart as due at <paramref name="dueAtMs"/>; the token is cancelled when a stop
    /// comes first. Null when a stop already came.
    /// </summary>
    public CancellationToken? ScheduleRestart(long dueAtMs)
    {
        lock (_gate)
        {
            if (_stopRequested)
                return null;
            _restartAtMs = dueAtMs;
            _restartCancellation ??= new CancellationTokenSource();
            return _restartCancellation.Token;
        }
    }

    /// <summary>Its place in the supervisor's list of ended executables (oldest first).</summary>
    public LinkedListNode<SupervisedExecutable>? EndedNode { get; set; }

    /// <summary>Completes with the final status when the process has been reaped.</summary>
    public Task<ExecutableStatus> Ended => _ended.Task;

    public bool IsStarted
    {
        get
        {
            lock (_gate)
                return _pid > 0;
        }
    }

    public bool HasEnded
    {
        get
        {
            lock (_gate)
                return _waitStatus is not null;
        }
    }

    /// <summary>
    /// <paramref name="workloadStatusFd"/> (owned from here on): for an isolated executable, whose
    /// pid is its namespace's init, the pipe that init writes the workload's own wait status to; -1 otherwise.
    /// </summary>
    public void MarkStarted(int pid, int workloadStatusFd = -1, Ports.PortForwarder? ports = null, IAsyncDisposable? resources = null)
    {
        lock (_gate)
        {
            _pid = pid;
            _workloadStatusFd = workloadStatusFd;
            _ports = ports;
            _resources = resources;
            _startedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        }
    }

    /// <summary>
    /// <paramref name="rawWaitStatus"/> is the reaped process's. For an isolated executable that
    /// is its init's: the workload's own status is on the init's pipe, unless the init itself was
    /// killed (SIGKILL on stop, a freed cell), which then is how the executable ended.
    /// </summary>
    /// <param name="readWorkloadStatus">False for a start that failed: its init may still be exiting, so its pipe is only closed.</param>
    public void MarkEnded(int rawWaitStatus, bool readWorkloadStatus = true)
    {
        lock (_gate)
        {
            if (_workloadStatusFd >= 0)
            {
                if (readWorkloadStatus)
                    rawWaitStatus = ReadWorkloadStatus(_workloadStatusFd) ?? rawWaitStatus;
                LibC.close(_workloadStatusFd);
                _workloadStatusFd = -1;
            }
            _waitStatus = WaitStatus.Decode(rawWaitStatus);
            _endedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        }
    }

    /// <summary>
    /// After <see cref="MarkEnded"/> and the supervisor's bookkeeping: releases what it held, off
    /// the reaper's thread (its ports; a container's root, whose unmount and deletion take
    /// milliseconds and unpin its image), then completes <see cref="Ended"/>. Whoever waits for the
    /// end (Stop, a restart) may at once reuse the ports or remove the image.
    /// </summary>
    public void Release()
    {
        IAsyncDisposable? ports, resources;
        lock (_gate)
        {
            (ports, resources) = (_ports, _resources);
            (_ports, _resources) = (null, null);
        }
        if (ports is null && resources is null)
        {
            _ended.TrySetResult(ToStatus());
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                if (ports is not null)
                    await ports.DisposeAsync();
                if (resources is not null)
                    await resources.DisposeAsync();
            }
            finally
            {
                _ended.TrySetResult(ToStatus());
            }
        });
    }

    // The init has exited, so its write end is closed: this never blocks.
    private static unsafe int? ReadWorkloadStatus(int fd)
    {
        int status;
        nint got;
        do
            got = LibC.read(fd, &status, sizeof(int));
        while (got < 0 && LibC.LastError == Errno.EINTR);
        return got == sizeof(int) ? status : null;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to the process and its process group (it leads its own
    /// session, so a shell's children get it too), unless it has already ended. Returns false then.
    /// An isolated executable's process is its init, which passes the signal on to the
    /// workload's process group itself (SIGKILL ends the whole namespace).
    /// </summary>
    public bool Signal(int signal)
    {
        lock (_gate)
        {
            // Checked under the lock MarkEnded takes: an ended pid may already belong to another process.
            if (_waitStatus is not null || _pid <= 0)
                return false;
            if (_workloadStatusFd < 0)
                LibC.kill(-_pid, signal);
            LibC.kill(_pid, signal);
            return true;
        }
    }

    public bool Kill() => Signal(SIGKILL);

    public ExecutableStatus ToStatus()
    {
        lock (_gate)
        {
            var status = new ExecutableStatus
            {
                CellName = CellName,
                ExecutableName = Name,
                Pid = _pid,
                StartedAtMs = _startedAtMs,
                EndedAtMs = _endedAtMs,
                StdoutDroppedBytes = (ulong)Stdout.DroppedBytes,
                StderrDroppedBytes = (ulong)Stderr.DroppedBytes,
                Spec = Supervision.Spec,
                Restarts = Supervision.Restarts,
                RestartAtMs = _restartAtMs,
                ImageDigest = Supervision.ImageDigest,
            };
            if (_waitStatus is not { } ended)
                status.State = _pid > 0 ? ExecutableStatus.Types.State.Running : ExecutableStatus.Types.State.Unspecified;
            else if (ended.Exited)
            {
                status.State = ExecutableStatus.Types.State.Exited;
                status.ExitCode = ended.ExitCode;
            }
            else
            {
                status.State = ExecutableStatus.Types.State.Signaled;
                status.Signal = ended.Signal;
            }
            return status;
        }
    }
}
