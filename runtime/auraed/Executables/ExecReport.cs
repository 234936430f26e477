using System.Net.Sockets;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Executables;

/// <summary>
/// What a launched child reports on its CLOEXEC socket (Native/spawn.c): one <c>struct report</c>
/// message if a set-up step or exec failed, end of file once exec closed its end.
/// </summary>
internal static class ExecReport
{
    /// <summary>Native/spawn.c struct report: int step, error, detail, in host order.</summary>
    private const int ReportSize = 3 * sizeof(int);

    /// <summary>
    /// Waits until the process runs its program; throws the failure it reports otherwise. Consumes
    /// the report fd. Awaited on the socket engine, not a blocked thread: an isolated start spends
    /// milliseconds building its root, and sixteen in flight pinned sixteen pool threads (issue 19).
    /// </summary>
    public static async Task AwaitAsync(ProcessLauncher.Launched launched, LaunchPlan plan, string? cgroupDirectory)
    {
        using var report = new Socket(new SafeSocketHandle(launched.ReportFd, ownsHandle: true));
        var message = new byte[ReportSize];
        int got;
        try
        {
            got = await report.ReceiveAsync(message, SocketFlags.None).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // Unreadable: say the start failed, as a short message would.
            got = -1;
        }
        // End of file: exec closed the child's end, so the program runs.
        if (got == 0)
            return;
        var (step, error, detail) = got == ReportSize
            ? (BitConverter.ToInt32(message, 0), BitConverter.ToInt32(message, 4), BitConverter.ToInt32(message, 8))
            : ((int)SpawnStep.Exec, Errno.EIO, 0);
        throw SpawnFailure.Describe(plan, cgroupDirectory, (SpawnStep)step, error, detail);
    }
}
