using Aurae.Api.Images.V0;
using Aurae.Daemon.Artifacts;
using Aurae.Daemon.Containers;
using Aurae.Contract.Oci;
using Grpc.Core;

namespace Aurae.Daemon.Api;

/// <summary>
/// aurae.images.v0.ImageService over an <see cref="ImageStore"/>, importing archives pushed to the
/// <see cref="ArtifactStore"/>. Refusals carry the failure's status: InvalidArgument (a bad name,
/// an archive that is malformed, hostile or for another platform, digests that do not match),
/// ResourceExhausted (an image past a limit, the node's memory for images full), NotFound (no
/// such artifact or image), FailedPrecondition (an image a running container uses).
/// </summary>
public sealed class ImageService(ImageStore images, ArtifactStore artifacts, ContainerRoots? containers = null)
    : Aurae.Api.Images.V0.ImageService.ImageServiceBase
{
    // errno ENOSPC, which .NET reports as an IOException's HResult on Linux.
    private const int NoSpaceLeftOnDevice = 28;

    public override async Task<Image> Import(ImportRequest request, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        try
        {
            var artifact = await artifacts.FindAsync(request.Artifact, cancellationToken)
                ?? throw new ImageException(ImageFailure.NotFound, $"no artifact named '{request.Artifact}': push the archive first");
            var name = request.Name.Length > 0 ? request.Name : request.Artifact;
            var image = await images.ImportAsync(artifact.Path, name, cancellationToken);
            return ToMessage(image, await images.ListAsync(cancellationToken));
        }
        catch (Exception e) when (ToStatus(e, cancellationToken) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task<ListResponse> List(ListRequest request, ServerCallContext context)
    {
        var all = await images.ListAsync(context.CancellationToken);
        var response = new ListResponse();
        response.Images.AddRange(all.Select(image => ToMessage(image, all)));
        return response;
    }

    public override async Task<RemoveResponse> Remove(RemoveRequest request, ServerCallContext context)
    {
        try
        {
            await images.RemoveAsync(request.Name, context.CancellationToken);
            // The cells' copies of layers no image holds any more go too.
            if (containers is not null)
                await containers.CollectAsync(context.CancellationToken);
            return new RemoveResponse();
        }
        catch (Exception e) when (ToStatus(e, context.CancellationToken) is { } status)
        {
            throw new RpcException(status);
        }
    }

    /// <param name="all">Every image the node holds, for how many use each layer.</param>
    private static Image ToMessage(StoredImage image, IReadOnlyList<StoredImage> all)
    {
        var message = new Image
        {
            Name = image.Name,
            Format = image.Format,
            ConfigDigest = image.ConfigDigest,
            Size = (ulong)image.Size,
            Config = new RunConfig { WorkingDir = image.Config.WorkingDir, User = image.Config.User },
        };
        message.Config.Entrypoint.AddRange(image.Config.Entrypoint);
        message.Config.Cmd.AddRange(image.Config.Cmd);
        message.Config.Env.AddRange(image.Config.Env);
        message.Layers.AddRange(image.Layers.Select(layer => new Layer
        {
            ChainId = layer.ChainId,
            DiffId = layer.DiffId,
            Size = (ulong)layer.Size,
            Entries = (ulong)layer.Entries,
            Images = (uint)all.Count(other => other.Layers.Any(l => l.ChainId == layer.ChainId)),
        }));
        return message;
    }

    /// <summary>The status for failures we can describe; null lets anything else surface as it is.</summary>
    private static Status? ToStatus(Exception e, CancellationToken cancellationToken) => e switch
    {
        _ when FailureStatus.ToRpc(e) is { } domain => domain.Status,
        OperationCanceledException when cancellationToken.IsCancellationRequested =>
            new Status(StatusCode.Cancelled, "the call was cancelled; the image was not stored"),
        IOException { HResult: NoSpaceLeftOnDevice } => new Status(StatusCode.ResourceExhausted, $"the image store is full: {e.Message}"),
        IOException or UnauthorizedAccessException => new Status(StatusCode.Internal, $"image store: {e.Message}"),
        _ => null,
    };
}
