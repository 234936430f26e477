using Aurae.Daemon.Logging;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Init;

/// <summary>
/// Reaps every child that exits, orphans re-parented to init included, so none stays a
/// zombie. It is the daemon's only caller of waitpid: whoever starts a process asks it for
/// the exit status instead of waiting itself (System.Diagnostics.Process is not used, as
/// its own waits would race this one). SIGCHLD is taken from the .NET runtime, which as pid 1
/// would otherwise reap every child itself (see Native/spawn.c); one dedicated thread waits
/// for it, so no thread-pool thread blocks.
/// </summary>
internal sealed class ChildReaper : IDisposable
{
    private const int WNOHANG = 1;

    private readonly int _signalFd;
    private volatile bool _disposed;

    public ChildReaper()
    {
        _signalFd = AuraeNative.aurae_take_sigchld();
        if (_signalFd < 0)
            throw new IOException($"cannot take SIGCHLD: {LibC.Describe(LibC.LastError)}");
        new Thread(ReapLoop, maxStackSize: 256 * 1024) { IsBackground = true, Name = "reaper" }.Start();
    }

    /// <summary>Raised with (pid, raw wait status) for every reaped child, on the reaper thread.</summary>
    public event Action<int, int>? ChildExited;

    private unsafe void ReapLoop()
    {
        var wakeUps = stackalloc byte[64];
        while (!_disposed)
        {
            // Any child that exited before SIGCHLD was ours is reaped on the first pass.
            ReapAll();
            // SIGCHLD coalesces: each wake-up drains every exited child.
            if (LibC.read(_signalFd, wakeUps, 64) < 0 && LibC.LastError != Errno.EINTR)
            {
                ConsoleLog.Error("reaper", $"reading SIGCHLD wake-ups: {LibC.Describe(LibC.LastError)}; reaping stopped");
                return;
            }
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

    // The thread and the SIGCHLD pipe live as long as the process: the handler writes to it.
    public void Dispose() => _disposed = true;
}
