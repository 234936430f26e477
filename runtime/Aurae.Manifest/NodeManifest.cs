using System.Text.Json.Serialization;

namespace Aurae.Manifest;

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

/// <summary>Where a node's certificate and key come from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NodeIdentitySource>))]
public enum NodeIdentitySource
{
    /// <summary>Made with the image (<c>aurae-compose pki init</c>), carried in it.</summary>
    [JsonStringEnumMemberName("image")]
    Image,

    /// <summary>
    /// Made on the node at every boot; the certificate comes from <c>aurae-compose serve</c>, which
    /// checks the bootstrap token on the kernel command line (<c>aurae.enroll</c>, <c>aurae.token</c>).
    /// The image carries only the CA certificate.
    /// </summary>
    [JsonStringEnumMemberName("enroll")]
    Enroll,
}

/// <summary>How the first Ethernet interface gets its address. <c>ip=</c> on the kernel command line overrides it.</summary>
public sealed record NetworkManifest
{
    /// <summary>Interface name, or null for the first Ethernet interface the kernel registers.</summary>
    public string? Interface { get; init; }

    public required bool Dhcp { get; init; }

    /// <summary>Static address in CIDR form, used when <see cref="Dhcp"/> is false.</summary>
    public string? Address { get; init; }

    public string? Gateway { get; init; }
}

/// <summary>
/// PEM files of the node's identity, as paths (absolute, or relative to the manifest's directory).
/// An enrolling node has only the CA certificate: its own are made at boot.
/// </summary>
public sealed record PkiManifest
{
    public required string CaCertificate { get; init; }
    public string? Certificate { get; init; }
    public string? Key { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(NodeManifest))]
public sealed partial class NodeManifestJsonContext : JsonSerializerContext;
