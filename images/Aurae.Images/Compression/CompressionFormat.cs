namespace Aurae.Images.Compression;

/// <summary>
/// A compression applied to a whole stream: an initramfs the composer writes, a kernel payload inside a
/// bzImage, a .deb member or a module file it reads. Which formats each of them accepts is decided where
/// they are handled (<see cref="CompressionStreams"/> writes, <see cref="Decompression"/> reads); the
/// names of the formats a configuration can ask for are in <see cref="CompressionFormatNames"/>.
/// </summary>
public enum CompressionFormat
{
    /// <summary>Stored as is.</summary>
    None,

    /// <summary>gzip (RFC 1952), which every kernel with initramfs support can decompress; suffix ".gz".</summary>
    Gzip,

    /// <summary>Zstandard (RFC 8878), which needs CONFIG_RD_ZSTD for an initramfs; suffix ".zst".</summary>
    Zstd,

    /// <summary>xz (the .xz file format of XZ Utils), LZMA2 optionally after the x86 BCJ filter; suffix ".xz".</summary>
    Xz,

    /// <summary>bzip2, suffix ".bz2"; read in .deb members only.</summary>
    Bzip2,

    /// <summary>LZMA "alone" format (CONFIG_KERNEL_LZMA); recognised in a bzImage to name it, not decoded.</summary>
    Lzma,

    /// <summary>LZO as written by lzop (CONFIG_KERNEL_LZO); recognised in a bzImage to name it, not decoded.</summary>
    Lzo,

    /// <summary>LZ4 legacy frames (CONFIG_KERNEL_LZ4; Debian's cloud kernels).</summary>
    Lz4,
}
