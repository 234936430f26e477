namespace Aurae.Daemon.Artifacts;

/// <summary>Where <see cref="ArtifactStore"/> keeps artifacts and how much it accepts.</summary>
public sealed record ArtifactStoreOptions
{
    /// <summary>On the node's tmpfs: artifacts are pushed after each boot and vanish with it, like the rest of the node's state.</summary>
    public const string DefaultRoot = "/run/aurae/artifacts";

    public string Root { get; init; } = DefaultRoot;

    /// <summary>The largest single artifact: a static binary, with room to spare.</summary>
    public long MaxArtifactBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>All stored content together (each distinct content once): tmpfs is memory.</summary>
    public long MaxTotalBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>The largest chunk in one push message; matches the API's 4 MiB message limit.</summary>
    public int MaxChunkBytes { get; init; } = 4 * 1024 * 1024;
}
