using Aurae.Api.Artifacts.V0;
using Aurae.Daemon.Artifacts;
using Grpc.Core;

namespace Aurae.Daemon.Api;

/// <summary>
/// aurae.artifacts.v0.ArtifactService over an <see cref="ArtifactStore"/>. A push is a header,
/// then chunks; the content is checked as it arrives and again at the end, and nothing of a
/// push that fails or is cancelled stays on the node. Refusals carry precise codes:
/// InvalidArgument (bad, missing or repeated header, bad name, content not matching the
/// header's size or sha256 — see <see cref="ArtifactFailure.InvalidArgument"/>),
/// ResourceExhausted (artifact, chunk or total size limit, or the filesystem full) and
/// NotFound (deleting an unknown name).
/// </summary>
public sealed class ArtifactService(ArtifactStore store) : Aurae.Api.Artifacts.V0.ArtifactService.ArtifactServiceBase
{
    // errno ENOSPC, which .NET reports as an IOException's HResult on Linux.
    private const int NoSpaceLeftOnDevice = 28;

    public override async Task<Artifact> Push(IAsyncStreamReader<PushRequest> requestStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        try
        {
            return ToMessage(await PushAsync(requestStream, cancellationToken));
        }
        catch (Exception e) when (ToStatus(e, cancellationToken) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task<ListResponse> List(ListRequest request, ServerCallContext context)
    {
        var response = new ListResponse();
        response.Artifacts.AddRange((await store.ListAsync(context.CancellationToken)).Select(ToMessage));
        return response;
    }

    public override async Task<DeleteResponse> Delete(DeleteRequest request, ServerCallContext context)
    {
        try
        {
            await store.DeleteAsync(request.Name, context.CancellationToken);
            return new DeleteResponse();
        }
        catch (Exception e) when (ToStatus(e, context.CancellationToken) is { } status)
        {
            throw new RpcException(status);
        }
    }

    private async Task<StoredArtifact> PushAsync(IAsyncStreamReader<PushRequest> requestStream, CancellationToken cancellationToken)
    {
        if (!await requestStream.MoveNext(cancellationToken))
            throw Invalid("the push carried no messages; the first must be the header");
        var first = requestStream.Current;
        if (first.PartCase != PushRequest.PartOneofCase.Header)
            throw Invalid("the first message of a push must be the header");

        await using var upload = await store.BeginUploadAsync(ToHeader(first.Header), cancellationToken);
        while (await requestStream.MoveNext(cancellationToken))
        {
            var message = requestStream.Current;
            switch (message.PartCase)
            {
                case PushRequest.PartOneofCase.Chunk:
                    var chunk = message.Chunk;
                    if (chunk.Length > store.Options.MaxChunkBytes)
                        throw new ArtifactException(ArtifactFailure.ResourceExhausted,
                            $"a chunk of {chunk.Length} bytes exceeds the {store.Options.MaxChunkBytes}-byte limit");
                    await upload.WriteAsync(chunk.Memory, cancellationToken);
                    break;
                case PushRequest.PartOneofCase.Header:
                    throw Invalid("a push has one header, first; a second one arrived");
                default:
                    throw Invalid("a push message carried neither a header nor a chunk");
            }
        }
        return await upload.CommitAsync(cancellationToken);
    }

    private static ArtifactHeader ToHeader(PushHeader header) =>
        // A size beyond long is beyond every limit; clamping keeps the limit's message.
        new(header.Name, header.Sha256, header.Size > long.MaxValue ? long.MaxValue : (long)header.Size, header.Executable);

    private static Artifact ToMessage(StoredArtifact artifact) => new()
    {
        Name = artifact.Name,
        Sha256 = artifact.Sha256,
        Size = (ulong)artifact.Size,
        Executable = artifact.Executable,
        Path = artifact.Path,
    };

    private static ArtifactException Invalid(string message) => new(ArtifactFailure.InvalidArgument, message);

    /// <summary>The status for failures we can describe; null lets anything else surface as it is.</summary>
    private static Status? ToStatus(Exception e, CancellationToken cancellationToken) => e switch
    {
        _ when FailureStatus.ToRpc(e) is { } domain => domain.Status,
        OperationCanceledException when cancellationToken.IsCancellationRequested =>
            new Status(StatusCode.Cancelled, "the call was cancelled; nothing was stored"),
        IOException { HResult: NoSpaceLeftOnDevice } => new Status(StatusCode.ResourceExhausted, $"the artifact store is full: {e.Message}"),
        IOException or UnauthorizedAccessException => new Status(StatusCode.Internal, $"artifact store: {e.Message}"),
        _ => null,
    };
}
