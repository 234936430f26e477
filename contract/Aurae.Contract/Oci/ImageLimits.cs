namespace Aurae.Contract.Oci;

/// <summary>
/// How much an image archive may make the node read and write. An archive past one is refused
/// (<see cref="ImageFailure.ResourceExhausted"/>), before the bytes it asks for are spent where possible.
/// </summary>
public sealed record ImageLimits
{
    /// <summary>index.json, a manifest, a config, manifest.json: real ones are kilobytes.</summary>
    public long MaxJsonBytes { get; init; } = 4 << 20;

    /// <summary>Indexes pointing at indexes (an image index may nest).</summary>
    public int MaxIndexDepth { get; init; } = 4;

    /// <summary>Manifests an index may list (multi-platform images list a dozen).</summary>
    public int MaxIndexEntries { get; init; } = 1024;

    /// <summary>Layers of one image (Docker's own limit is 127 for overlay2).</summary>
    public int MaxLayers { get; init; } = 128;

    /// <summary>Bytes a compressed archive (docker save | gzip) may expand to before it is read.</summary>
    public long MaxArchiveBytes { get; init; } = 8L << 30;

    /// <summary>Members of the archive itself.</summary>
    public int MaxArchiveMembers { get; init; } = 100_000;

    /// <summary>Bytes of regular files one layer may expand to.</summary>
    public long MaxLayerBytes { get; init; } = 4L << 30;

    /// <summary>Entries (files, directories, links, whiteouts) in one layer.</summary>
    public int MaxLayerEntries { get; init; } = 1_000_000;
}
