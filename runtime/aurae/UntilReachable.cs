using System.Diagnostics;

namespace Aurae.Cli;

/// <summary>
/// `node info --wait SECONDS`, the first call after power-on: the call is repeated, a second
/// apart, while the node cannot be reached yet (refused; reset, as QEMU's port forward accepts
/// and drops until the guest listens; no answer), for at most that long. Any answer from the node,
/// or a refused certificate, ends the wait at once: retrying would not change them.
/// </summary>
internal static class UntilReachable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static async Task<T> CallAsync<T>(string nodeName, TimeSpan wait, Func<CancellationToken, Task<T>> call,
        CancellationToken cancellation)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                return await call(cancellation);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested && RpcFailure.From(e, nodeName).IsUnreachable
                && Stopwatch.GetElapsedTime(start) + Interval < wait)
            {
                await Task.Delay(Interval, cancellation);
            }
        }
    }
}
