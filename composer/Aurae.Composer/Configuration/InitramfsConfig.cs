namespace Aurae.Composer.Configuration;

/// <summary>How the initramfs archive is compressed.</summary>
public enum InitramfsCompression
{
    None,
    Gzip,
    Zstd,
}

public sealed record InitramfsConfig(InitramfsCompression Compression)
{
    public static InitramfsConfig Default => new(InitramfsCompression.Zstd);

    /// <summary>The spellings accepted in node.yaml, in enum order.</summary>
    public static IReadOnlyList<string> CompressionNames { get; } = ["none", "gzip", "zstd"];
}
