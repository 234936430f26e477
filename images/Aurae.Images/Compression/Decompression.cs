using System.IO.Compression;
using System.Runtime.InteropServices;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using SharpCompress.Compressors.ZStandard;
using Aurae.Images.IO;

namespace Aurae.Images.Compression;

/// <summary>Maps file-name suffixes to <see cref="StreamCompression"/> and opens decompressing streams.</summary>
public static class Decompression
{
    private static readonly (string Suffix, StreamCompression Format)[] Suffixes =
    [
        (".gz", StreamCompression.Gzip),
        (".xz", StreamCompression.Xz),
        (".zst", StreamCompression.Zstd),
        (".bz2", StreamCompression.Bzip2),
    ];

    // The managed decoders read their input in small pieces; a buffer in front of the
    // (often unbuffered) source keeps that cheap.
    private const int InputBufferSize = 1 << 16;

    /// <summary>
    /// The compression announced by the suffix that follows <paramref name="plainSuffix"/> at the end
    /// of <paramref name="fileName"/>: <see cref="StreamCompression.None"/> when the name ends with
    /// <paramref name="plainSuffix"/> itself, null when it ends with neither that nor a known
    /// compressed form of it.
    /// </summary>
    public static StreamCompression? FromFileName(string fileName, string plainSuffix)
    {
        if (fileName.EndsWith(plainSuffix, StringComparison.Ordinal))
            return StreamCompression.None;
        foreach (var (suffix, format) in Suffixes)
        {
            if (fileName.EndsWith(plainSuffix + suffix, StringComparison.Ordinal))
                return format;
        }
        return null;
    }

    /// <summary>The suffix that names <paramref name="format"/> (empty for <see cref="StreamCompression.None"/>).</summary>
    public static string SuffixOf(StreamCompression format) =>
        format == StreamCompression.None ? "" : Suffixes.First(s => s.Format == format).Suffix;

    /// <summary>
    /// A forward-only stream of the decompressed content of <paramref name="compressed"/>, which may
    /// be unseekable. Disposing the result does not dispose <paramref name="compressed"/>.
    /// </summary>
    public static Stream Open(Stream compressed, StreamCompression format)
    {
        var buffered = new ReadAheadStream(compressed, InputBufferSize);
        return format switch
        {
            StreamCompression.None => buffered,
            StreamCompression.Gzip => new GZipStream(buffered, CompressionMode.Decompress),
            StreamCompression.Xz => new XZStream(buffered),
            StreamCompression.Zstd => new DecompressionStream(buffered),
            StreamCompression.Bzip2 => BZip2Stream.Create(
                buffered, SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown compression format."),
        };
    }

    /// <summary>Decompresses all of <paramref name="compressed"/> into a new array.</summary>
    public static byte[] DecompressAll(ReadOnlyMemory<byte> compressed, StreamCompression format)
    {
        if (format == StreamCompression.None)
            return compressed.ToArray();
        var input = MemoryMarshal.TryGetArray(compressed, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(compressed.ToArray(), writable: false);
        using (input)
        using (var decompressed = Open(input, format))
        using (var result = new MemoryStream())
        {
            decompressed.CopyTo(result);
            return result.ToArray();
        }
    }
}
