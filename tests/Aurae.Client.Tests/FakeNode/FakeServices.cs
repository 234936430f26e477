using System.Security.Cryptography;
using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Api.Discovery.V0;
using Aurae.Api.Executables.V0;
using Aurae.Api.Node.V0;
using Grpc.Core;

namespace Aurae.Client.Tests.FakeNode;

internal sealed class FakeNodeService : NodeService.NodeServiceBase
{
    public override Task<InfoResponse> Info(InfoRequest request, ServerCallContext context) =>
        Task.FromResult(new InfoResponse { Node = new NodeInfo { Hostname = FakeNodeServer.NodeName, KernelRelease = "6.12.0-test", DaemonPid = 1 } });
}

internal sealed class FakeCellService(FakeNodeState state) : CellService.CellServiceBase
{
    public override Task<CellServiceStartResponse> Start(CellServiceStartRequest request, ServerCallContext context)
    {
        if (request.CellName == "missing")
            throw new RpcException(new Status(StatusCode.NotFound, "no cell 'missing'"));
        lock (state)
            state.Started.Add(request);
        return Task.FromResult(new CellServiceStartResponse { Pid = 42 });
    }
}

internal sealed class FakeExecutableService(FakeNodeState state) : ExecutableService.ExecutableServiceBase
{
    public override async Task Output(OutputRequest request, IServerStreamWriter<OutputChunk> responseStream, ServerCallContext context)
    {
        foreach (var chunk in state.Output)
            await responseStream.WriteAsync(chunk);
    }
}

internal sealed class FakeArtifactService(FakeNodeState state) : ArtifactService.ArtifactServiceBase
{
    public override async Task<Artifact> Push(IAsyncStreamReader<PushRequest> requestStream, ServerCallContext context)
    {
        PushHeader? header = null;
        var content = new MemoryStream();
        var sizes = new List<int>();
        await foreach (var part in requestStream.ReadAllAsync())
        {
            if (part.PartCase == PushRequest.PartOneofCase.Header && part.Header.Name == FakeNodeState.RefusedArtifactName)
                throw new RpcException(new Status(StatusCode.PermissionDenied, "refused at the header"));
            if (part.PartCase == PushRequest.PartOneofCase.Header)
                header = part.Header;
            else
            {
                part.Chunk.WriteTo(content);
                sizes.Add(part.Chunk.Length);
            }
        }
        var bytes = content.ToArray();
        if (header is null || Convert.ToHexStringLower(SHA256.HashData(bytes)) != header.Sha256)
            throw new RpcException(new Status(StatusCode.DataLoss, "sha256 mismatch"));
        lock (state)
            state.Pushed.Add((header, bytes, sizes));
        return new Artifact { Name = header.Name, Sha256 = header.Sha256, Size = (ulong)bytes.Length, Path = $"/var/lib/aurae/artifacts/{header.Name}" };
    }

    public override Task<DeleteResponse> Delete(DeleteRequest request, ServerCallContext context)
    {
        lock (state)
            state.Deleted.Add(request.Name);
        return Task.FromResult(new DeleteResponse());
    }
}

/// <summary>Imports what was pushed as an image whose layers say how the import was asked for.</summary>
internal sealed class FakeImageService(FakeNodeState state) : Aurae.Api.Images.V0.ImageService.ImageServiceBase
{
    public override Task<Aurae.Api.Images.V0.Image> Import(Aurae.Api.Images.V0.ImportRequest request, ServerCallContext context)
    {
        lock (state)
        {
            if (!state.Pushed.Any(p => p.Header.Name == request.Artifact))
                throw new RpcException(new Status(StatusCode.NotFound, $"no artifact named '{request.Artifact}'"));
            state.Imported.Add(request);
            return Task.FromResult(state.Image(request.Name));
        }
    }

    public override Task<Aurae.Api.Images.V0.ListResponse> List(Aurae.Api.Images.V0.ListRequest request, ServerCallContext context)
    {
        var response = new Aurae.Api.Images.V0.ListResponse();
        lock (state)
            response.Images.AddRange(state.Imported.Select(i => state.Image(i.Name)));
        return Task.FromResult(response);
    }

    public override Task<Aurae.Api.Images.V0.RemoveResponse> Remove(Aurae.Api.Images.V0.RemoveRequest request, ServerCallContext context)
    {
        lock (state)
        {
            if (state.Imported.RemoveAll(i => i.Name == request.Name) == 0)
                throw new RpcException(new Status(StatusCode.NotFound, $"no image named '{request.Name}'"));
        }
        return Task.FromResult(new Aurae.Api.Images.V0.RemoveResponse());
    }
}
