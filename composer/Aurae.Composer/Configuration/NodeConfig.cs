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
    IReadOnlyList<OutputKind> Outputs);
