using System.IO.Compression;
using Aurae.Images.IO;
using SharpCompress.Compressors.BZip2;
using ZstdSharp;

namespace Aurae.Images.Compression;

/// <summary>
/// Maps file-name suffixes to <see cref="CompressionFormat"/> and opens decompressing streams: the one way
/// images, kernel payloads, .deb members and module files are decoded. xz and LZ4 legacy use this
/// library's own decoders (SharpCompress's xz x86 filter produced wrong bytes); gzip is .NET's, zstd
/// ZstdSharp's, bzip2 SharpCompress's.
/// </summary>
public static class Decompression
{
    private static readonly (string Suffix, CompressionFormat Format)[] Suffixes =
    [
        (".gz", CompressionFormat.Gzip),
        (".xz", CompressionFormat.Xz),
        (".zst", CompressionFormat.Zstd),
        (".bz2", CompressionFormat.Bzip2),
    ];

    // The managed decoders read their input in small pieces; a buffer in front of the
    // (often unbuffered) source keeps that cheap.
    private const int InputBufferSize = 1 << 16;

    /// <summary>
    /// The compression announced by the suffix that follows <paramref name="plainSuffix"/> at the end
    /// of <paramref name="fileName"/>: <see cref="CompressionFormat.None"/> when the name ends with
    /// <paramref name="plainSuffix"/> itself, null when it ends with neither that nor a known
    /// compressed form of it.
    /// </summary>
    public static CompressionFormat? FromFileName(string fileName, string plainSuffix)
    {
        if (fileName.EndsWith(plainSuffix, StringComparison.Ordinal))
            return CompressionFormat.None;
        foreach (var (suffix, format) in Suffixes)
        {
            if (fileName.EndsWith(plainSuffix + suffix, StringComparison.Ordinal))
                return format;
        }
        return null;
    }

    /// <summary>The suffix that names <paramref name="format"/> (empty for <see cref="CompressionFormat.None"/>).</summary>
    public static string SuffixOf(CompressionFormat format) =>
        format == CompressionFormat.None ? "" : Suffixes.First(s => s.Format == format).Suffix;

    /// <summary>
    /// A forward-only stream of the decompressed content of <paramref name="compressed"/>, which may
    /// be unseekable. Disposing the result does not dispose <paramref name="compressed"/>.
    /// </summary>
    public static Stream Open(Stream compressed, CompressionFormat format)
    {
        var buffered = new ReadAheadStream(compressed, InputBufferSize);
        return format switch
        {
            CompressionFormat.None => buffered,
            CompressionFormat.Gzip => new GZipStream(buffered, CompressionMode.Decompress),
            CompressionFormat.Zstd => new DecompressionStream(buffered),
            CompressionFormat.Bzip2 => BZip2Stream.Create(
                buffered, SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true),
            // The xz and LZ4 legacy decoders parse their whole input (xz from its index backwards).
            CompressionFormat.Xz or CompressionFormat.Lz4 => new WholeInputDecoderStream(buffered, input => Open(input, format)),
            _ => throw Unsupported(format),
        };
    }

    /// <summary>
    /// A forward-only stream of the decompressed content of <paramref name="compressed"/>, which must be
    /// the whole compressed data: xz is read from its index at the end and refuses trailing bytes.
    /// </summary>
    public static Stream Open(ReadOnlyMemory<byte> compressed, CompressionFormat format) => format switch
    {
        CompressionFormat.Xz => new XzDecoderStream(compressed),
        CompressionFormat.Lz4 => new Lz4LegacyDecoderStream(compressed),
        _ => Open(MemoryStreams.Open(compressed), format),
    };

    /// <summary>Decompresses all of <paramref name="compressed"/> into a new array.</summary>
    public static byte[] DecompressAll(ReadOnlyMemory<byte> compressed, CompressionFormat format)
    {
        if (format == CompressionFormat.None)
            return compressed.ToArray();
        using (var decompressed = Open(compressed, format))
        using (var result = new MemoryStream())
        {
            decompressed.CopyTo(result);
            return result.ToArray();
        }
    }

    private static Exception Unsupported(CompressionFormat format) => Enum.IsDefined(format)
        ? new NotSupportedException($"Decompressing {format} is not supported.")
        : new ArgumentOutOfRangeException(nameof(format), format, "Unknown compression format.");
}
