namespace Aurae.Images.LinuxKernel;

/// <summary>
/// How a bzImage's payload is compressed, told by its magic number (Documentation/arch/x86/boot.rst,
/// field "payload_offset"). Gzip, XZ, LZ4 and Zstandard can be extracted; the others are recognised to name them.
/// </summary>
public enum KernelCompression
{
    /// <summary>gzip, magic 1F 8B (CONFIG_KERNEL_GZIP).</summary>
    Gzip,

    /// <summary>bzip2, magic 42 5A "BZ" (CONFIG_KERNEL_BZIP2); not supported.</summary>
    Bzip2,

    /// <summary>LZMA "alone" format, magic 5D 00 (CONFIG_KERNEL_LZMA); not supported.</summary>
    Lzma,

    /// <summary>XZ with the x86 BCJ filter and LZMA2, magic FD 37 7A 58 5A 00 (CONFIG_KERNEL_XZ).</summary>
    Xz,

    /// <summary>LZO as written by lzop, magic 89 4C 5A 4F (CONFIG_KERNEL_LZO); not supported.</summary>
    Lzo,

    /// <summary>LZ4 legacy frames, magic 02 21 4C 18 (CONFIG_KERNEL_LZ4; Debian's cloud kernels).</summary>
    Lz4,

    /// <summary>Zstandard, magic 28 B5 2F FD (CONFIG_KERNEL_ZSTD).</summary>
    Zstd,
}

/// <summary>Recognises a <see cref="KernelCompression"/> by the payload's leading magic bytes.</summary>
public static class KernelCompressionMagic
{
    private static readonly (KernelCompression Compression, byte[] Magic)[] Table =
    [
        (KernelCompression.Gzip, [0x1F, 0x8B]),
        (KernelCompression.Bzip2, "BZh"u8.ToArray()),
        (KernelCompression.Lzma, [0x5D, 0x00, 0x00]),
        (KernelCompression.Xz, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]),
        (KernelCompression.Lzo, [0x89, 0x4C, 0x5A, 0x4F]),
        (KernelCompression.Lz4, [0x02, 0x21, 0x4C, 0x18]),
        (KernelCompression.Zstd, [0x28, 0xB5, 0x2F, 0xFD]),
    ];

    /// <summary>The compression whose magic starts <paramref name="payload"/>, or null if none does.</summary>
    public static KernelCompression? Detect(ReadOnlySpan<byte> payload)
    {
        foreach ((KernelCompression compression, byte[] magic) in Table)
        {
            if (payload.StartsWith(magic))
            {
                return compression;
            }
        }

        return null;
    }

    /// <summary>True for the formats <see cref="BzImage.ExtractVmlinux()"/> can decompress.</summary>
    public static bool IsSupported(this KernelCompression compression) =>
        compression is KernelCompression.Gzip or KernelCompression.Xz or KernelCompression.Lz4 or KernelCompression.Zstd;
}
