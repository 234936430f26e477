namespace Aurae.Contract.Oci;

/// <summary>The media types an image archive may use (image-spec media-types.md, and Docker's schema 2).</summary>
internal static class OciMediaTypes
{
    public const string Index = "application/vnd.oci.image.index.v1+json";
    public const string Manifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>A layer's media type → how its tar is compressed; null for what is no layer we can apply.</summary>
    public static LayerCompression? LayerCompressionOf(string mediaType) => mediaType switch
    {
        "application/vnd.oci.image.layer.v1.tar" or
        "application/vnd.oci.image.layer.nondistributable.v1.tar" or
        "application/vnd.docker.image.rootfs.diff.tar" => LayerCompression.None,
        "application/vnd.oci.image.layer.v1.tar+gzip" or
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip" or
        "application/vnd.docker.image.rootfs.diff.tar.gzip" or
        "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip" => LayerCompression.Gzip,
        "application/vnd.oci.image.layer.v1.tar+zstd" or
        "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd" => LayerCompression.Zstd,
        _ => null,
    };
}
