using Aurae.Composer.Build;
using Aurae.Composer.Caching;
using Aurae.Composer.Daemon;
using Aurae.Contract.Manifest;
using Aurae.Images.Compression;
using Aurae.Images.Cpio;

namespace Aurae.Composer.Initramfs;

/// <summary>
/// The initramfs's first segment: the daemon as /init, the mount points it needs, and
/// /dev/console (the kernel opens it for init's stdio before devtmpfs exists). It depends on
/// nothing the kernel or the node decide, so a build starts compressing it (zstd -18 of a 20 MB
/// binary, the cold build's longest step) on the thread pool before it reads the kernel package
/// (issue 19).
/// </summary>
public sealed class DaemonSegment
{
    // Documentation/admin-guide/devices.txt: 5,1 is /dev/console.
    private const uint ConsoleMajor = 5;
    private const uint ConsoleMinor = 1;

    private readonly Task<byte[]> _compressed;

    /// <summary>Starts compressing the segment on the thread pool; <see cref="Compressed"/> takes the result.</summary>
    /// <param name="modificationTime">The time every entry carries (the build's, for reproducible images).</param>
    /// <param name="steps">Told while the segment compresses (not when the cache has it), for a progress display.</param>
    public DaemonSegment(DaemonBinary daemon, DateTimeOffset modificationTime, CompressionFormat compression, BuildCache? cache,
        BuildSteps? steps = null)
    {
        var tree = new CpioTree(modificationTime);
        foreach (var directory in new[] { "dev", "proc", "sys", "run" })
            Add(CpioEntry.Directory(directory, InitramfsImage.Directory0755));
        Add(CpioEntry.Directory("tmp", InitramfsImage.Mode("1777")));
        Add(CpioEntry.CharacterDevice("dev/console", InitramfsImage.Secret0600, ConsoleMajor, ConsoleMinor));
        Add(CpioEntry.File(NodeManifestPaths.Init, InitramfsImage.Executable0755, daemon.Content));
        _compressed = Task.Run(() => SegmentCompression.Compress(tree, compression, cache,
            () => steps?.Begin($"compressing the daemon ({compression.ToName()}{(compression == CompressionFormat.Zstd ? $" -{ZstdOptions.DefaultLevel}" : "")})")));

        void Add(CpioEntry entry) => tree.Add(entry with { ModificationTime = modificationTime });
    }

    /// <summary>The compressed segment, once compressing it is done.</summary>
    public byte[] Compressed() => _compressed.GetAwaiter().GetResult();
}
