using System.Runtime.InteropServices;
using Aurae.Daemon.Logging;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Init;

/// <summary>
/// Reaps every child that exits, orphans re-parented to init included, so none stays a
/// zombie. It is the daemon's only caller of waitpid: whoever starts a process asks it for
/// the exit status instead of waiting itself (System.Diagnostics.Process is not used, as
/// its own waits would race this one).
/// </summary>
internal sealed class ChildReaper : IDisposable
{
    private const int WNOHANG = 1;

    private readonly SemaphoreSlim _childSignalled = new(0);
    private readonly PosixSignalRegistration _registration;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ChildReaper()
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => _childSignalled.Release());
        _loop = Task.Run(ReapLoopAsync);
    }

    /// <summary>Raised with (pid, raw wait status) for every reaped child.</summary>
    public event Action<int, int>? ChildExited;

    private async Task ReapLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                // SIGCHLD coalesces; the timeout also catches a child that exited before we registered.
                await _childSignalled.WaitAsync(TimeSpan.FromSeconds(5), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            ReapAll();
        }
    }

    private unsafe void ReapAll()
    {
        while (true)
        {
            int status;
            var pid = LibC.waitpid(-1, &status, WNOHANG);
            if (pid <= 0)
                return; // 0: children left but none exited; -1/ECHILD: no children.
            try
            {
                ChildExited?.Invoke(pid, status);
            }
            catch (Exception e)
            {
                ConsoleLog.Error("reaper", $"exit handler for pid {pid} failed: {e.Message}");
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _registration.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
        }
    }
}
