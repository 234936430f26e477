namespace Aurae.Images.Compression;

/// <summary>Settings for zstd compression of boot images.</summary>
public sealed record ZstdOptions
{
    /// <summary>Level 19: the level the kernel's own build uses for zstd initramfs/modules (`zstd -19`).</summary>
    public const int DefaultLevel = 19;

    /// <summary>Highest level accepted (zstd's --ultra maximum).</summary>
    public const int MaxLevel = 22;

    /// <summary>
    /// Largest window the compressor may use: 2^23 = 8 MiB. The kernel's decompressor (lib/decompress_unzstd.c)
    /// must allocate the whole window during early boot, and rejects frames whose window exceeds its limit;
    /// level 19 already uses 2^23 for large inputs, but levels 20-22 would pick 2^25-2^27.
    /// </summary>
    public const int MaxWindowLog = 23;

    /// <summary>
    /// Input per multi-threaded job: 8 MiB. zstd's default at window 2^23 is 32 MiB, so a 20 MB
    /// daemon was one job on one core whatever <see cref="Workers"/> said. Jobs of this size let
    /// the workers share it (each job also reads up to a window of the previous one, so the ratio
    /// stays within 0.01%: 7 371 387 → 7 371 996 bytes for a 19.8 MB auraed, 8.0 → 6.8 s on 2
    /// cores); a fixed size, not one derived from the processor count, keeps the bytes the same on
    /// every machine (tested).
    /// </summary>
    public const int JobSize = 8 << 20;

    /// <summary>The defaults: level 19, one worker per processor.</summary>
    public static ZstdOptions Default { get; } = new();

    /// <summary>Compression level, 1 to <see cref="MaxLevel"/>.</summary>
    public int Level
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Level));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxLevel, nameof(Level));
            field = value;
        }
    } = DefaultLevel;

    /// <summary>
    /// Compression threads. At least 1: zstd's output is identical for every worker count of 1 or more,
    /// but differs from single-threaded mode (0 workers), so 0 is not offered and builds stay reproducible
    /// across machines with different processor counts.
    /// </summary>
    public int Workers
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Workers));
            field = value;
        }
    } = Environment.ProcessorCount;
}
