using System.Buffers.Binary;

namespace Aurae.Images.Compression;

/// <summary>
/// Recognises a <see cref="CompressionFormat"/> by the leading magic bytes of the data, as a bzImage's
/// payload must be (Documentation/arch/x86/boot.rst, field "payload_offset"). The decoders check the
/// same magics, so they are written here once.
/// </summary>
public static class CompressionMagic
{
    /// <summary>gzip's ID1 ID2 (RFC 1952, section 2.3.1).</summary>
    internal static ReadOnlySpan<byte> Gzip => [0x1F, 0x8B];

    /// <summary>xz's stream header magic (The .xz File Format, section 2.1.1.1).</summary>
    internal static ReadOnlySpan<byte> Xz => [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00];

    /// <summary>The LZ4 legacy frame magic number, stored little-endian (lz4's doc/lz4_Frame_format.md, "Legacy frame").</summary>
    internal const uint Lz4Legacy = 0x184C2102;

    private static readonly (CompressionFormat Format, byte[] Magic)[] Table =
    [
        (CompressionFormat.Gzip, Gzip.ToArray()),
        (CompressionFormat.Bzip2, "BZh"u8.ToArray()),
        (CompressionFormat.Lzma, [0x5D, 0x00, 0x00]),
        (CompressionFormat.Xz, Xz.ToArray()),
        (CompressionFormat.Lzo, [0x89, 0x4C, 0x5A, 0x4F]),
        (CompressionFormat.Lz4, LittleEndian(Lz4Legacy)),
        (CompressionFormat.Zstd, [0x28, 0xB5, 0x2F, 0xFD]),
    ];

    /// <summary>The compression whose magic starts <paramref name="data"/>, or null if none does.</summary>
    public static CompressionFormat? Detect(ReadOnlySpan<byte> data)
    {
        foreach ((CompressionFormat format, byte[] magic) in Table)
        {
            if (data.StartsWith(magic))
            {
                return format;
            }
        }

        return null;
    }

    private static byte[] LittleEndian(uint value)
    {
        var bytes = new byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
