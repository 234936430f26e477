using System.Text;
using System.Text.Json;
using Aurae.Composer.Daemon;
using Aurae.Composer.Kernel;
using Aurae.Composer.Pki;
using Aurae.Images.Compression;
using Aurae.Images.Cpio;
using Aurae.Manifest;

namespace Aurae.Composer.Initramfs;

/// <summary>
/// The node's root filesystem as the kernel unpacks it: the daemon as /init, the mount points
/// it needs, /dev/console (the kernel opens it for init's stdio before devtmpfs exists), the
/// manifest, the node's PKI and the modules in their lib/modules places.
/// </summary>
public sealed class InitramfsImage
{
    private static readonly UnixFileMode Directory0755 = Mode("755");
    private static readonly UnixFileMode File0644 = Mode("644");
    private static readonly UnixFileMode Executable0755 = Mode("755");
    private static readonly UnixFileMode Secret0600 = Mode("600");

    // Documentation/admin-guide/devices.txt: 5,1 is /dev/console.
    private const uint ConsoleMajor = 5;
    private const uint ConsoleMinor = 1;

    private readonly CpioTree _tree = new();

    /// <param name="modules">The modules the image carries (uncompressed), at their kernel-relative paths.</param>
    /// <param name="moduleIndex">kmod's index of <paramref name="modules"/>, written beside them.</param>
    public InitramfsImage(DaemonBinary daemon, NodeManifest manifest, NodePki pki, string kernelRelease,
        IReadOnlyList<KernelModule> modules, ModuleIndex moduleIndex)
    {
        foreach (var directory in new[] { "dev", "proc", "sys", "run", "etc", "etc/aurae", NodeManifestPaths.PkiDirectory })
            _tree.Add(CpioEntry.Directory(directory, directory == NodeManifestPaths.PkiDirectory ? Mode("700") : Directory0755));
        _tree.Add(CpioEntry.Directory("tmp", Mode("1777")));
        _tree.Add(CpioEntry.CharacterDevice("dev/console", Secret0600, ConsoleMajor, ConsoleMinor));
        _tree.Add(CpioEntry.File(NodeManifestPaths.Init, Executable0755, daemon.Content));
        _tree.Add(CpioEntry.File(NodeManifestPaths.Manifest, File0644,
            JsonSerializer.SerializeToUtf8Bytes(manifest, NodeManifestJsonContext.Default.NodeManifest)));
        _tree.Add(CpioEntry.File(NodeManifestPaths.CaCertificate, File0644, Encoding.ASCII.GetBytes(pki.CaCertificatePem)));
        _tree.Add(CpioEntry.File(NodeManifestPaths.Certificate, File0644, Encoding.ASCII.GetBytes(pki.NodeCertificatePem)));
        _tree.Add(CpioEntry.File(NodeManifestPaths.Key, Secret0600, Encoding.ASCII.GetBytes(pki.NodeKeyPem)));
        _tree.Add(CpioEntry.File("etc/hostname", File0644, Encoding.ASCII.GetBytes(manifest.Hostname + "\n")));
        foreach (var module in modules)
            _tree.Add(CpioEntry.File(ModulePath(kernelRelease, module), File0644, module.Content));
        foreach (var (name, content) in moduleIndex.Files)
            _tree.Add(CpioEntry.File($"{ModuleDirectory(kernelRelease)}/{name}", File0644, content));
    }

    /// <summary>Where a module lives in the image, as the manifest lists it.</summary>
    public static string ModulePath(string kernelRelease, KernelModule module) =>
        $"{ModuleDirectory(kernelRelease)}/{module.Path}";

    /// <summary>lib/modules/&lt;release&gt;, where the modules and their index live.</summary>
    public static string ModuleDirectory(string kernelRelease) => $"lib/modules/{kernelRelease}";

    public IReadOnlyList<CpioEntry> Entries => _tree.GetEntries();

    /// <summary>Writes the archive, compressed, to <paramref name="output"/> (left open).</summary>
    public void WriteTo(Stream output, CompressionFormat compression)
    {
        using var compressed = CompressionStreams.Create(output, compression, leaveOpen: true);
        using (var writer = new CpioWriter(compressed, leaveOpen: true))
            _tree.WriteTo(writer);
    }

    private static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);
}
