using Aurae.Images.Compression;

namespace Aurae.Composer.Configuration;

/// <summary>How the initramfs is written: its compression, one the kernel's config must support (CONFIG_RD_*).</summary>
public sealed record InitramfsConfig(CompressionFormat Compression)
{
    public static InitramfsConfig Default => new(CompressionFormat.Zstd);
}
