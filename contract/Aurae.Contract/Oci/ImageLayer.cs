namespace Aurae.Contract.Oci;

/// <summary>
/// One layer of an image, where the archive holds it and what it must be. <see cref="DiffId"/> (the
/// sha256 of the uncompressed tar, from the config's rootfs.diff_ids) is what a layer is stored under
/// and always checked; <see cref="BlobDigest"/> (of the bytes as stored) is checked where the
/// archive's manifest says it (OCI layouts; docker save names its layers by file only).
/// </summary>
public sealed record ImageLayer(string Member, long Size, LayerCompression Compression, Digest DiffId, Digest? BlobDigest)
{
    public override string ToString() => $"layer {DiffId} ('{Member}')";
}
