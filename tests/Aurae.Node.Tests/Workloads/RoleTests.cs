using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Api.Discovery.V0;
using Aurae.Api.Node.V0;
using Aurae.Api.Observe.V0;
using Aurae.Client;
using Grpc.Core;

namespace Aurae.Node.Tests.Workloads;

/// <summary>The client certificate's Organization is its role: a reader may look, not act.</summary>
[Collection(WorkloadNodeCollection.Name)]
public sealed class RoleTests(WorkloadNode node)
{
    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

    [Fact]
    public async Task A_reader_can_list_and_observe()
    {
        using var channel = node.ReaderChannel();
        Assert.True((await new DiscoveryService.DiscoveryServiceClient(channel).DiscoverAsync(new DiscoverRequest(), deadline: Deadline())).Healthy);
        await new NodeService.NodeServiceClient(channel).InfoAsync(new InfoRequest(), deadline: Deadline());
        await new CellService.CellServiceClient(channel).ListAsync(new CellServiceListRequest(), deadline: Deadline());
        await new ArtifactService.ArtifactServiceClient(channel).ListAsync(new ListRequest(), deadline: Deadline());
        using var log = new ObserveService.ObserveServiceClient(channel)
            .GetAuraeDaemonLogStream(new GetAuraeDaemonLogStreamRequest { Follow = false }, deadline: Deadline());
        Assert.True(await log.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact]
    public async Task A_reader_is_denied_allocate_push_start_and_poweroff()
    {
        using var channel = node.ReaderChannel();
        var calls = new Func<Task>[]
        {
            () => new CellService.CellServiceClient(channel)
                .AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = "by-reader" } }, deadline: Deadline()).ResponseAsync,
            () => ArtifactUploader.PushAsync(new ArtifactService.ArtifactServiceClient(channel),
                new PushHeader { Name = "by-reader", Sha256 = new string('0', 64), Size = 1 }, new MemoryStream([1])),
            () => new CellService.CellServiceClient(channel).StartAsync(new CellServiceStartRequest
                { CellName = "any", Executable = new Executable { Name = "x", Argv = { "/init" } } }, deadline: Deadline()).ResponseAsync,
            () => new NodeService.NodeServiceClient(channel).PoweroffAsync(new PoweroffRequest(), deadline: Deadline()).ResponseAsync,
        };
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
            Assert.Contains($"role 'reader' (CN={WorkloadNode.ReaderName})", error.Status.Detail);
        }
        Assert.Contains("auraed warn authz:", node.Machine.Console);
    }
}
