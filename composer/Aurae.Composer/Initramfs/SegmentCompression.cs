using System.Globalization;
using Aurae.Composer.Caching;
using Aurae.Images.Compression;
using Aurae.Images.Cpio;

namespace Aurae.Composer.Initramfs;

/// <summary>
/// One initramfs segment as the kernel unpacks it: a cpio archive, compressed on its own. A shared
/// segment (the daemon's, the kernel's) is kept in the build cache by its archive's SHA-256,
/// streamed, so a hit never builds the archive; the node's own segment is small and differs per
/// node, not worth a cache entry.
/// </summary>
internal static class SegmentCompression
{
    /// <summary>The cache kind of compressed segments; the version changes when a segment's bytes would.</summary>
    public const string CacheKind = "initramfs-segment-v4";

    /// <param name="beginCompressing">Called when the segment is compressed rather than found; what it returns is disposed when done.</param>
    public static byte[] Compress(CpioTree tree, CompressionFormat compression, BuildCache? cache, Func<IDisposable?>? beginCompressing = null)
    {
        return cache is null
            ? Fresh()
            : cache.GetOrCreate(CacheKind, BuildCache.Key(
                ArchiveDigest(tree), compression.ToName(), ZstdOptions.DefaultLevel.ToString(CultureInfo.InvariantCulture)),
                Fresh);

        byte[] Fresh()
        {
            using var step = beginCompressing?.Invoke();
            return Compress(Archive(tree), compression);
        }
    }

    private static string ArchiveDigest(CpioTree tree)
    {
        using var hash = new HashingStream();
        using (var writer = new CpioWriter(hash, leaveOpen: true))
            tree.WriteTo(writer);
        return hash.HexDigest();
    }

    private static byte[] Archive(CpioTree tree)
    {
        using var archive = new MemoryStream();
        using (var writer = new CpioWriter(archive, leaveOpen: true))
            tree.WriteTo(writer);
        return archive.ToArray();
    }

    private static byte[] Compress(byte[] archive, CompressionFormat compression) => CompressionStreams.Compress(archive, compression);
}
