using System.Buffers.Binary;

namespace Aurae.Images.Iso;

/// <summary>
/// Path table records (ECMA-119 §9.4): one per directory, in the order of §6.9.1, little-endian in the type L
/// table and big-endian in the type M table.
/// </summary>
internal static class IsoPathTable
{
    // --- Field offsets, ECMA-119 §9.4. ---
    private const int IdentifierLengthOffset = 0;        // §9.4.1
    private const int ExtendedAttributeLengthOffset = 1; // §9.4.2
    private const int ExtentLocationOffset = 2;          // §9.4.3
    private const int ParentNumberOffset = 6;            // §9.4.4
    private const int IdentifierOffset = 8;              // §9.4.5

    /// <summary>§9.4.4 numbers directories from 1 in 16 bits.</summary>
    public const int MaxDirectories = ushort.MaxValue;

    /// <summary>Record length: header, identifier, and the §9.4.6 padding byte when the identifier's length is odd.</summary>
    public static int RecordLength(int identifierLength) => IdentifierOffset + identifierLength + (identifierLength % 2);

    /// <summary>Writes one record; returns its length.</summary>
    public static int Write(Span<byte> destination, bool bigEndian, uint extentLba, ushort parentNumber, ReadOnlySpan<byte> identifier)
    {
        int length = RecordLength(identifier.Length);
        Span<byte> record = destination[..length];
        record.Clear();
        record[IdentifierLengthOffset] = (byte)identifier.Length;
        record[ExtendedAttributeLengthOffset] = 0;
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(record[ExtentLocationOffset..], extentLba);
            BinaryPrimitives.WriteUInt16BigEndian(record[ParentNumberOffset..], parentNumber);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record[ExtentLocationOffset..], extentLba);
            BinaryPrimitives.WriteUInt16LittleEndian(record[ParentNumberOffset..], parentNumber);
        }

        identifier.CopyTo(record[IdentifierOffset..]);
        return length;
    }
}
