using System.Buffers.Binary;
using System.Text;

namespace Aurae.Images.Iso;

/// <summary>The numeric and character field encodings of ECMA-119 §7.</summary>
internal static class IsoBinary
{
    /// <summary>Bytes per logical sector (ECMA-119 §6.1.2: 2048 for a CD-ROM).</summary>
    public const int SectorSize = 2048;

    /// <summary>§7.2.3: the value little-endian, then big-endian.</summary>
    public static void WriteBothEndian16(Span<byte> destination, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, value);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], value);
    }

    /// <summary>§7.3.3: the value little-endian, then big-endian.</summary>
    public static void WriteBothEndian32(Span<byte> destination, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], value);
    }

    /// <summary>Writes ASCII <paramref name="text"/> and fills the rest of the field with <paramref name="fill"/>.</summary>
    public static void WritePaddedString(Span<byte> field, string text, byte fill = (byte)' ')
    {
        int written = Encoding.ASCII.GetBytes(text, field);
        field[written..].Fill(fill);
    }

    /// <summary>Number of sectors <paramref name="bytes"/> bytes occupy.</summary>
    public static long SectorsFor(long bytes) => (bytes + SectorSize - 1) / SectorSize;
}
