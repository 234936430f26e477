using Aurae.Api.Artifacts.V0;
using Aurae.Api.Images.V0;
using Grpc.Core;

namespace Aurae.Client;

/// <summary>
/// Puts an image archive on a node: it travels as an artifact named by its content, is imported
/// under the image's name, and the artifact is removed again (the layers are what the node keeps).
/// </summary>
public static class ImageUploader
{
    /// <summary>The archive's header, named for the artifact it travels as: hashed once, it serves every node.</summary>
    public static async Task<PushHeader> CreateHeaderAsync(string path, CancellationToken cancellationToken = default)
    {
        var header = await ArtifactUploader.CreateHeaderAsync(path, "", executable: false, cancellationToken);
        header.Name = $"image-{header.Sha256[..16]}.tar";
        return header;
    }

    /// <param name="sent">Hears of each chunk once it is written to the call.</param>
    public static async Task<Image> PushAsync(CallInvoker node, PushHeader header, string path, string imageName,
        CancellationToken cancellationToken = default, Action<int>? sent = null)
    {
        var artifacts = new ArtifactService.ArtifactServiceClient(node);
        await using (var content = ArtifactUploader.OpenContent(path))
            await ArtifactUploader.PushAsync(artifacts, header, content, cancellationToken, sent);
        try
        {
            return await new ImageService.ImageServiceClient(node)
                .ImportAsync(new ImportRequest { Artifact = header.Name, Name = imageName }, cancellationToken: cancellationToken);
        }
        finally
        {
            await artifacts.DeleteAsync(new DeleteRequest { Name = header.Name }, cancellationToken: CancellationToken.None);
        }
    }
}
