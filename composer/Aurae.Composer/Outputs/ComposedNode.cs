using Aurae.Composer.Configuration;
using Aurae.Composer.Kernel;

namespace Aurae.Composer.Outputs;

/// <summary>
/// What every output is made from: the kernel, the finished initramfs, the command line, and what
/// node.yaml says the outputs need (boot files, disk size), so no output reads node.yaml itself.
/// </summary>
/// <param name="Name">The node's name: file names, volume labels and the seeds of the images' GUIDs.</param>
/// <param name="SourcePath">The node.yaml the node was composed from, for error messages.</param>
/// <param name="Modules">The modules loaded at boot, dependencies first (the manifest's Modules).</param>
/// <param name="CarriedModules">Every module the initramfs carries, in path order.</param>
/// <param name="BootFiles">The boot loader files the firmware-facing outputs are assembled from.</param>
/// <param name="DiskSizeBytes">disk.size: the disk images' size, or null for the smallest that holds the UKI.</param>
/// <param name="Timestamp">The time stamped into every output (SOURCE_DATE_EPOCH), the same for all.</param>
/// <param name="UkiSigner">The Secure Boot db key the UKI is signed with, or null for an unsigned UKI.</param>
/// <param name="Pki">The certificates (and the node's key, when made at build time) the initramfs carries.</param>
public sealed record ComposedNode(
    string Name,
    string SourcePath,
    KernelPackage Kernel,
    IReadOnlyList<KernelModule> Modules,
    ReadOnlyMemory<byte> Initramfs,
    string CommandLine,
    IReadOnlyList<KernelModule> CarriedModules,
    BootFilesConfig BootFiles,
    long? DiskSizeBytes,
    DateTimeOffset Timestamp,
    Pki.SecureBoot.UkiSigningKey? UkiSigner,
    Pki.ImagePki Pki);
