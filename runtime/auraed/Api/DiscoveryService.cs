using Aurae.Api.Discovery.V0;
using Grpc.Core;

namespace Aurae.Daemon.Api;

/// <summary>aurae.discovery.v0.DiscoveryService: "is this an Aurae node, which version, and what is it".</summary>
public sealed class DiscoveryService(NodeInfoProvider nodeInfo) : Aurae.Api.Discovery.V0.DiscoveryService.DiscoveryServiceBase
{
    public override async Task<DiscoverResponse> Discover(DiscoverRequest request, ServerCallContext context) =>
        new()
        {
            Healthy = true,
            Version = NodeInfoProvider.DaemonVersion,
            Node = await nodeInfo.ReadAsync(context.CancellationToken),
        };
}
