namespace Aurae.Contract.Manifest;

/// <summary>
/// What an image tells the daemon about the node it is: written by the composer into the
/// image at <see cref="NodeManifestPaths.Manifest"/>, read by auraed at boot. The one contract
/// between the two, so neither keeps its own copy of the shape.
/// </summary>
public sealed record NodeManifest
{
    /// <summary>Format version; the daemon refuses a manifest newer than it understands.</summary>
    public required int Version { get; init; }

    /// <summary>The node's hostname, which is also the name in its server certificate.</summary>
    public required string Hostname { get; init; }

    /// <summary>API endpoint as IP:port ([v6]:port); never a hostname: the node has no resolver.</summary>
    public required string Listen { get; init; }

    /// <summary>
    /// Where Prometheus metrics are served (IP:port, a port of their own, same TLS and client
    /// certificates as the API); absent: not served.
    /// </summary>
    public string? Metrics { get; init; }

    public required NetworkManifest Network { get; init; }

    /// <summary>Module files relative to the image root, in load order (dependencies first).</summary>
    public required IReadOnlyList<string> Modules { get; init; }

    public required PkiManifest Pki { get; init; }

    /// <summary>
    /// Where the node's own certificate comes from: the image (<see cref="Pki"/> names it), or
    /// enrollment at boot, when the node makes its key and the fleet CA signs it (absent: the image).
    /// </summary>
    public NodeIdentitySource Identity { get; init; } = NodeIdentitySource.Image;

    public const int CurrentVersion = 1;
}
