using System.Security.Cryptography;
using System.Text;

namespace Aurae.Images.Reproducibility;

/// <summary>
/// GUIDs (and other identifiers: volume serials, disk signatures) derived from a seed, so that
/// two builds of the same input name their disks and partitions identically. The value is the
/// first bytes of SHA-256 over the UTF-8 seed, shaped as an RFC 9562 version 8 (custom) UUID.
/// </summary>
public static class SeededGuid
{
    /// <summary>A GUID for <paramref name="seed"/>; different seeds give unrelated GUIDs.</summary>
    public static Guid Create(string seed)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(seed), hash);
        Span<byte> bytes = hash[..16];
        // RFC 9562 §5.8: version 8 in the high nibble of octet 6, variant 0b10 in octet 8.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>A 32-bit identifier for <paramref name="seed"/> (FAT volume id, MBR disk signature).</summary>
    public static uint CreateUInt32(string seed)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(seed), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(hash);
    }
}
