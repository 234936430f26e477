using Aurae.Api.Artifacts.V0;
using Aurae.Client;
using Aurae.Contract.Oci;

namespace Aurae.Cli.Apply;

/// <summary>
/// workloads.yaml with its files read: each artifact's sha256, each image archive checked the
/// way the node will check it (digests, linux/amd64) and its config digest. Read once for all
/// nodes, and before any is touched, so a broken archive stops the apply everywhere.
/// </summary>
internal sealed record DesiredState(WorkloadsFile File, IReadOnlyList<ArtifactContent> Artifacts, IReadOnlyList<ImageContent> Images)
{
    public IReadOnlyDictionary<string, string> ImageDigests => Images.ToDictionary(image => image.Declared.Name, image => image.ConfigDigest);

    public static async Task<DesiredState> ReadAsync(WorkloadsFile file, CancellationToken cancellationToken)
    {
        var artifacts = new List<ArtifactContent>();
        foreach (var artifact in file.Artifacts)
            artifacts.Add(new ArtifactContent(artifact,
                await ArtifactUploader.CreateHeaderAsync(artifact.FilePath, artifact.Name, artifact.Executable, cancellationToken)));
        var images = new List<ImageContent>();
        foreach (var image in file.Images)
            images.Add(new ImageContent(image, await ImageUploader.CreateHeaderAsync(image.FilePath, cancellationToken), ConfigDigestOf(image)));
        return new DesiredState(file, artifacts, images);
    }

    private static string ConfigDigestOf(DeclaredImage image)
    {
        var limits = new ImageLimits();
        var scratch = Directory.CreateTempSubdirectory("aurae-apply-");
        try
        {
            using var archive = ImageArchive.Open(image.FilePath, limits, scratch.FullName);
            var digest = ImageManifestReader.Read(archive, limits).ConfigDigest.ToString();
            return image.Digest is null || image.Digest == digest
                ? digest
                : throw image.At.Error($"'{image.FilePath}' holds the image {digest}, not the pinned {image.Digest}");
        }
        catch (ImageException e)
        {
            throw image.At.Error($"not an image archive the node would import: {e.Message}");
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
