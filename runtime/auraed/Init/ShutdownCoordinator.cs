using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Init;

/// <summary>
/// One place that decides the daemon is ending and how: signals, an API request or a fatal
/// error ask here; Main waits on <see cref="Requested"/>, stops the API, then acts. The first
/// request wins so two concurrent ones cannot disagree.
/// </summary>
public sealed class ShutdownCoordinator
{
    private readonly TaskCompletionSource<PowerAction> _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<PowerAction> Requested => _requested.Task;

    private int _claimed;

    public bool Request(PowerAction action, string reason)
    {
        if (Interlocked.Exchange(ref _claimed, 1) != 0)
            return false;
        // Logged before the waiter is released, so the log shows cause before effect.
        ConsoleLog.Info("shutdown", $"{action} requested: {reason}");
        _requested.SetResult(action);
        return true;
    }
}
