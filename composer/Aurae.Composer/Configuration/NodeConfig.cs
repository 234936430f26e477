namespace Aurae.Composer.Configuration;

/// <summary>
/// A validated node.yaml: everything needed to compose one node image. Paths are absolute
/// (resolved against the directory of <see cref="SourcePath"/>) and known to exist at load time.
/// </summary>
public sealed record NodeConfig(
    string SourcePath,
    string Name,
    KernelConfig Kernel,
    string PkiDirectory,
    ApiConfig Api,
    NetworkConfig Network,
    InitramfsConfig Initramfs,
    BootFilesConfig Boot,
    DiskConfig Disk,
    IReadOnlyList<OutputKind> Outputs)
{
    /// <summary>
    /// node.yaml <c>identity</c>: <c>image</c> (default) bakes the node's certificate and key from the
    /// PKI directory into the image; <c>enroll</c> carries only the CA certificate, and each node
    /// enrolls with <c>aurae-compose serve</c> at boot.
    /// </summary>
    public Aurae.Contract.Manifest.NodeIdentitySource Identity { get; init; } = Aurae.Contract.Manifest.NodeIdentitySource.Image;

    /// <summary>node.yaml <c>secure_boot</c>: the db key the UKI (and so every image carrying it) is signed with, or null for unsigned.</summary>
    public Pki.SecureBoot.UkiSigningKey? SecureBoot { get; init; }
}
