using System.Text;
using Aurae.Contract.Modules;
using Aurae.Composer.Caching;
using System.Text.Json;
using Aurae.Composer.Kernel;
using Aurae.Composer.Pki;
using Aurae.Images.Compression;
using Aurae.Images.Cpio;
using Aurae.Contract.Manifest;

namespace Aurae.Composer.Initramfs;

/// <summary>
/// The node's root filesystem as the kernel unpacks it: the daemon as /init, the mount points
/// it needs, /dev/console (the kernel opens it for init's stdio before devtmpfs exists), the
/// manifest, the node's PKI and the modules in their lib/modules places. Written as three cpio
/// archives, each compressed on its own and concatenated, which the kernel unpacks in turn
/// (Documentation/driver-api/early-userspace/buffer-format.rst): the daemon, the kernel's
/// modules, and the node's own files. Only the last differs between the nodes of a fleet, and
/// a build cache keeps the other two compressed.
/// </summary>
public sealed class InitramfsImage
{
    internal static readonly UnixFileMode Directory0755 = Mode("755");
    internal static readonly UnixFileMode File0644 = Mode("644");
    internal static readonly UnixFileMode Executable0755 = Mode("755");
    internal static readonly UnixFileMode Secret0600 = Mode("600");

    private readonly DateTimeOffset _modificationTime;
    private readonly DaemonSegment _daemon;
    private readonly CpioTree _kernel;
    private readonly CpioTree _node;

    /// <param name="daemon">The first segment, already being compressed.</param>
    /// <param name="modules">The modules the image carries (uncompressed), at their kernel-relative paths.</param>
    /// <param name="moduleIndex">kmod's index of <paramref name="modules"/>, written beside them.</param>
    /// <param name="modificationTime">The time every entry carries (the build's, for reproducible images).</param>
    public InitramfsImage(DaemonSegment daemon, NodeManifest manifest, ImagePki pki, string kernelRelease,
        IReadOnlyList<KernelModule> modules, ModuleIndexContent moduleIndex, DateTimeOffset modificationTime)
    {
        _modificationTime = modificationTime;
        _daemon = daemon;
        _kernel = new CpioTree(modificationTime);
        _node = new CpioTree(modificationTime);
        foreach (var module in modules)
            Add(_kernel, CpioEntry.File(ModulePath(kernelRelease, module), File0644, module.Content));
        foreach (var (name, content) in moduleIndex.Files)
            Add(_kernel, CpioEntry.File($"{ModuleDirectory(kernelRelease)}/{name}", File0644, content));

        foreach (var directory in new[] { "etc", "etc/aurae", NodeManifestPaths.PkiDirectory })
            Add(_node, CpioEntry.Directory(directory, directory == NodeManifestPaths.PkiDirectory ? Mode("700") : Directory0755));
        Add(_node, CpioEntry.File(NodeManifestPaths.Manifest, File0644,
            JsonSerializer.SerializeToUtf8Bytes(manifest, NodeManifestJsonContext.Default.NodeManifest)));
        Add(_node, CpioEntry.File(NodeManifestPaths.CaCertificate, File0644, Encoding.ASCII.GetBytes(pki.CaCertificatePem)));
        if (pki is NodePki baked)
        {
            Add(_node, CpioEntry.File(NodeManifestPaths.Certificate, File0644, Encoding.ASCII.GetBytes(baked.NodeCertificatePem)));
            Add(_node, CpioEntry.File(NodeManifestPaths.Key, Secret0600, Encoding.ASCII.GetBytes(baked.NodeKeyPem)));
        }
        Add(_node, CpioEntry.File("etc/hostname", File0644, Encoding.ASCII.GetBytes(manifest.Hostname + "\n")));
    }

    private void Add(CpioTree tree, CpioEntry entry) => tree.Add(entry with { ModificationTime = _modificationTime });

    /// <summary>Where a module lives in the image, as the manifest lists it.</summary>
    public static string ModulePath(string kernelRelease, KernelModule module) =>
        $"{ModuleDirectory(kernelRelease)}/{module.Path}";

    /// <summary>lib/modules/&lt;release&gt;, where the modules and their index live.</summary>
    public static string ModuleDirectory(string kernelRelease) => $"lib/modules/{kernelRelease}";

    /// <summary>
    /// The three archives, each compressed with <paramref name="compression"/> (the daemon's as its
    /// <see cref="DaemonSegment"/> was), concatenated in one array of exactly their size. With a
    /// <paramref name="cache"/>, the kernel's segment compressed before is taken from it.
    /// </summary>
    public byte[] ToArray(CompressionFormat compression, BuildCache? cache = null)
    {
        var segments = CompressedSegments(compression, cache);
        var image = new byte[segments.Sum(segment => (long)segment.Length)];
        var offset = 0;
        foreach (var segment in segments)
        {
            segment.CopyTo(image, offset);
            offset += segment.Length;
        }
        return image;
    }

    private byte[][] CompressedSegments(CompressionFormat compression, BuildCache? cache) =>
    [
        _daemon.Compressed(),
        SegmentCompression.Compress(_kernel, compression, cache),
        SegmentCompression.Compress(_node, compression, cache: null),
    ];

    internal static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);
}
