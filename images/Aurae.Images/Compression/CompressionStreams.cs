using System.IO.Compression;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Aurae.Images.Compression;

/// <summary>
/// Wraps an output stream so that what is written to it is compressed in a form the Linux kernel can
/// unpack as an initramfs. The returned stream must be disposed to finish the compressed data.
/// Output is deterministic: the same input and options give the same bytes on every run and machine.
/// </summary>
public static class CompressionStreams
{
    /// <summary>Wraps <paramref name="output"/> for <paramref name="format"/> with <see cref="ZstdOptions.Default"/>.</summary>
    public static Stream Create(Stream output, CompressionFormat format, bool leaveOpen = false) =>
        Create(output, format, ZstdOptions.Default, leaveOpen);

    /// <summary>
    /// Wraps <paramref name="output"/> for <paramref name="format"/>; <paramref name="zstd"/> applies only
    /// to <see cref="CompressionFormat.Zstd"/>. Disposing the returned stream disposes
    /// <paramref name="output"/> unless <paramref name="leaveOpen"/>.
    /// </summary>
    public static Stream Create(Stream output, CompressionFormat format, ZstdOptions zstd, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(zstd);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream must be writable.", nameof(output));
        }

        return format switch
        {
            CompressionFormat.None => new ForwardingWriteStream(output, leaveOpen),
            CompressionFormat.Gzip => CreateGzip(output, leaveOpen),
            CompressionFormat.Zstd => CreateZstd(output, zstd, leaveOpen),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a defined compression format."),
        };
    }

    /// <summary>
    /// Compresses all of <paramref name="data"/> at once. For zstd the frame records the content size and
    /// zstd sizes its tables for it, so a small input costs little (a streaming level-18 compressor allocates
    /// for the largest window whatever it is given); the bytes differ from <see cref="Create(Stream, CompressionFormat, bool)"/>'s
    /// but are as deterministic.
    /// </summary>
    public static byte[] Compress(ReadOnlySpan<byte> data, CompressionFormat format, ZstdOptions? zstd = null)
    {
        zstd ??= ZstdOptions.Default;
        if (format != CompressionFormat.Zstd)
        {
            using var output = new MemoryStream();
            using (var stream = Create(output, format, zstd, leaveOpen: true))
                stream.Write(data);
            return output.ToArray();
        }
        using var compressor = new Compressor(zstd.Level);
        foreach (var (parameter, value) in Parameters(zstd))
            compressor.SetParameter(parameter, value);
        return compressor.Wrap(data).ToArray();
    }

    private static GZipStream CreateGzip(Stream output, bool leaveOpen) =>
        // .NET writes a header with mtime 0 and no file name; GzipNormalizingStream fixes the rest.
        new(new GzipNormalizingStream(output, leaveOpen), CompressionLevel.SmallestSize, leaveOpen: false);

    private static CompressionStream CreateZstd(Stream output, ZstdOptions options, bool leaveOpen)
    {
        var stream = new CompressionStream(output, options.Level, bufferSize: 0, leaveOpen: leaveOpen);
        foreach (var (parameter, value) in Parameters(options))
            stream.SetParameter(parameter, value);
        return stream;
    }

    /// <summary>The zstd settings every boot image is written with, whole or streamed.</summary>
    private static (ZSTD_cParameter Parameter, int Value)[] Parameters(ZstdOptions options) =>
    [
        // Applied at every level: see ZstdOptions.MaxWindowLog for the kernel's limit.
        (ZSTD_cParameter.ZSTD_c_windowLog, ZstdOptions.MaxWindowLog),
        // The kernel's decompressor verifies the xxhash64 content checksum, catching a corrupt image early.
        (ZSTD_cParameter.ZSTD_c_checksumFlag, 1),
        // Multi-threaded zstd still produces one frame; with a fixed job size its bytes do not depend on the worker count.
        (ZSTD_cParameter.ZSTD_c_nbWorkers, options.Workers),
        (ZSTD_cParameter.ZSTD_c_jobSize, ZstdOptions.JobSize),
        (ZSTD_cParameter.ZSTD_c_overlapLog, ZstdOptions.OverlapLog),
    ];
}
