using System.Diagnostics;
using Grpc.Net.Client;

namespace Aurae.Cli;

/// <summary>
/// `node info --wait SECONDS`, the first call after power-on: the call is repeated, a second
/// apart, while the node cannot be reached yet (refused; reset or closed before TLS, as QEMU's
/// port forward does until the guest listens; no answer), for at most that long (an attempt
/// under way may overrun it by the connect timeout). Any answer from the node, or a refused
/// certificate, ends the wait at once: retrying would not change them.
/// </summary>
internal static class UntilReachable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <param name="openChannel">
    /// A channel per attempt: a gRPC channel that failed to connect keeps failing fast and only
    /// reconnects on its own backoff schedule, up to two minutes apart.
    /// </param>
    public static async Task<T> CallAsync<T>(string nodeName, TimeSpan wait, Func<GrpcChannel> openChannel,
        Func<GrpcChannel, CancellationToken, Task<T>> call, CancellationToken cancellation)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                using var channel = openChannel();
                return await call(channel, cancellation);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested && RpcFailure.From(e, nodeName).IsUnreachable
                && Stopwatch.GetElapsedTime(start) < wait)
            {
                var remaining = wait - Stopwatch.GetElapsedTime(start);
                await Task.Delay(TimeSpan.FromTicks(Math.Clamp(remaining.Ticks, 0, Interval.Ticks)), cancellation);
            }
        }
    }
}
