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

    public const int CurrentVersion = 1;
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

/// <summary>PEM files of the node's identity, as paths (absolute, or relative to the manifest's directory).</summary>
public sealed record PkiManifest
{
    public required string CaCertificate { get; init; }
    public required string Certificate { get; init; }
    public required string Key { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(NodeManifest))]
public sealed partial class NodeManifestJsonContext : JsonSerializerContext;
