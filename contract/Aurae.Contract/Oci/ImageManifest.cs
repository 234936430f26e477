namespace Aurae.Contract.Oci;

/// <summary>
/// An image as an archive describes it, resolved to linux/amd64: its config (by digest) and
/// its layers, lowest first.
/// </summary>
public sealed record ImageManifest(Digest ConfigDigest, ImageConfig Config, IReadOnlyList<ImageLayer> Layers, string Format)
{
    public const string OciFormat = "oci-archive";
    public const string DockerFormat = "docker-archive";
}
