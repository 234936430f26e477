namespace Aurae.Contract.Manifest;

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
