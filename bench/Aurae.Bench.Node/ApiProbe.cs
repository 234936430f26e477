using System.Diagnostics;
using Aurae.Api.Discovery.V0;
using Grpc.Core;

namespace Aurae.Bench.Node;

/// <summary>Calls Discover over mutual TLS until the node answers healthy.</summary>
public sealed class ApiProbe(NodeAddress node)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// One call before anything listens: the client's first-call costs (JIT, channel set-up) are
    /// paid here, not inside the timed boot.
    /// </summary>
    public async Task WarmUpAsync()
    {
        try
        {
            await TryOnceAsync();
        }
        catch (RpcException)
        {
        }
    }

    public async Task WaitUntilAnswersAsync(Stopwatch clock, TimeSpan timeout)
    {
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await TryOnceAsync())
                    return;
            }
            catch (RpcException)
            {
                // Not up yet: QEMU's forwarder accepts and then drops the connection.
            }
            await Task.Delay(Interval);
        }
        throw new TimeoutException($"{node.Endpoint} did not answer Discover within {timeout.TotalSeconds} s");
    }

    // A fresh channel each time: a refused connection must not leave a channel backing off.
    private async Task<bool> TryOnceAsync()
    {
        using var channel = node.OpenChannel();
        var response = await new DiscoveryService.DiscoveryServiceClient(channel)
            .DiscoverAsync(new DiscoverRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
        return response.Healthy;
    }
}
