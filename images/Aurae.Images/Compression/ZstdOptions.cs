namespace Aurae.Images.Compression;

/// <summary>Settings for zstd compression of boot images.</summary>
public sealed record ZstdOptions
{
    /// <summary>
    /// Level 18. The kernel's own build uses 19 for zstd initramfs and modules; 19 adds a second
    /// parsing pass (btultra2) that buys 0.08% on the 19.9 MB daemon (7 416 453 against 7 422 218
    /// bytes, zstd CLI) for 28% more CPU, the largest part of a cold build (issue 19: cold
    /// bench/compose 10.76 → 8.61 s in one run on 2 cores).
    /// </summary>
    public const int DefaultLevel = 18;

    /// <summary>Highest level accepted (zstd's --ultra maximum).</summary>
    public const int MaxLevel = 22;

    /// <summary>
    /// Largest window the compressor may use: 2^23 = 8 MiB. The kernel's decompressor (lib/decompress_unzstd.c)
    /// must allocate the whole window during early boot, and rejects frames whose window exceeds its limit;
    /// levels 18 and 19 already use 2^23 for large inputs, but levels 20-22 would pick 2^25-2^27.
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

    /// <summary>
    /// Each multi-threaded job after the first re-reads the end of the previous one as a prefix, which
    /// it must insert into its binary tree before matching. zstd's default for level 18's strategy
    /// (btultra) is half the window (overlapLog 8: 4 MiB; 9, the whole window, for 19's btultra2): for
    /// a 20 MB daemon in 8 MiB jobs that was a quarter of the compression's CPU. 6 keeps 1/8 of the window (1 MiB): 10.95 → 8.29 s of CPU for
    /// 7 390 148 → 7 407 482 bytes (+0.23%), ZstdSharp, 2 workers, one run (issue 19).
    /// </summary>
    public const int OverlapLog = 6;

    /// <summary>The defaults: level <see cref="DefaultLevel"/>, one worker per processor.</summary>
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
