namespace Aurae.Composer.Sbom;

/// <summary>
/// One thing an image carries, as CycloneDX 1.5 describes a component (§ "components"): its type
/// (one of the specification's: operating-system, device-driver, application, library, framework,
/// file, data), a bom-ref other entries point at, a name, and what identifies it: a version, a
/// package URL, hashes (lower-case hex), and properties for the rest.
/// </summary>
public sealed record SbomComponent(string Type, string BomRef, string Name)
{
    public string? Version { get; init; }

    /// <summary>A package URL (github.com/package-url/purl-spec): pkg:deb/debian/NAME@VERSION?arch=amd64, pkg:nuget/NAME@VERSION.</summary>
    public string? Purl { get; init; }

    public string? Description { get; init; }

    /// <summary>CycloneDX hash algorithm names ("SHA-256", "SHA-512") and hex digests.</summary>
    public IReadOnlyList<(string Algorithm, string Hex)> Hashes { get; init; } = [];

    /// <summary>Name/value pairs, names in the "aurae:" namespace.</summary>
    public IReadOnlyList<(string Name, string Value)> Properties { get; init; } = [];
}
