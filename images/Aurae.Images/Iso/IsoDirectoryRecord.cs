namespace Aurae.Images.Iso;

/// <summary>A directory record (ECMA-119 §9.1): where a file or directory's extent is, how long, when and what.</summary>
internal static class IsoDirectoryRecord
{
    // --- Field offsets, ECMA-119 §9.1 (byte positions minus one). ---
    private const int LengthOffset = 0;                  // §9.1.1 Length of Directory Record
    private const int ExtendedAttributeLengthOffset = 1; // §9.1.2
    private const int ExtentLocationOffset = 2;          // §9.1.3, both-endian 32
    private const int DataLengthOffset = 10;             // §9.1.4, both-endian 32
    private const int RecordingTimeOffset = 18;          // §9.1.5, 7 bytes
    private const int FileFlagsOffset = 25;              // §9.1.6
    private const int FileUnitSizeOffset = 26;           // §9.1.7
    private const int InterleaveGapOffset = 27;          // §9.1.8
    private const int VolumeSequenceNumberOffset = 28;   // §9.1.9, both-endian 16
    private const int IdentifierLengthOffset = 32;       // §9.1.10
    private const int IdentifierOffset = 33;             // §9.1.11

    /// <summary>Bytes before the file identifier.</summary>
    public const int FixedSize = IdentifierOffset;

    /// <summary>The longest record: the length field is one byte, and lengths are kept even (see <see cref="Length"/>).</summary>
    public const int MaxLength = byte.MaxValue - 1;

    /// <summary>§9.1.6 bit 1: the record identifies a directory.</summary>
    private const byte FlagDirectory = 0x02;

    /// <summary>The identifier of a directory's own record, "." (§6.8.2.2).</summary>
    public static readonly byte[] SelfIdentifier = [0x00];

    /// <summary>The identifier of the record for the parent directory, ".." (§6.8.2.2).</summary>
    public static readonly byte[] ParentIdentifier = [0x01];

    /// <summary>Volume Sequence Number: a one-volume set.</summary>
    public const ushort VolumeSequenceNumber = 1;

    /// <summary>Offset of the System Use field: after the identifier and the §9.1.12 padding byte (present when its length is even).</summary>
    public static int SystemUseOffset(int identifierLength) => IdentifierOffset + identifierLength + (identifierLength % 2 == 0 ? 1 : 0);

    /// <summary>Total record length, rounded up to even so every record starts on an even byte.</summary>
    public static int Length(int identifierLength, int systemUseLength)
    {
        int length = SystemUseOffset(identifierLength) + systemUseLength;
        return length + (length % 2);
    }

    /// <summary>Writes a record into <paramref name="destination"/>; returns its length.</summary>
    public static int Write(Span<byte> destination, uint extentLba, uint dataLength, DateTimeOffset recordingTime, bool isDirectory,
        ReadOnlySpan<byte> identifier, ReadOnlySpan<byte> systemUse)
    {
        int length = Length(identifier.Length, systemUse.Length);
        if (length > MaxLength)
        {
            throw new InvalidOperationException($"A directory record of {length} bytes exceeds the {MaxLength}-byte limit (ECMA-119 §9.1.1).");
        }

        Span<byte> record = destination[..length];
        record.Clear();
        record[LengthOffset] = (byte)length;
        record[ExtendedAttributeLengthOffset] = 0;
        IsoBinary.WriteBothEndian32(record[ExtentLocationOffset..], extentLba);
        IsoBinary.WriteBothEndian32(record[DataLengthOffset..], dataLength);
        IsoDateTime.WriteRecordingTime(record[RecordingTimeOffset..], recordingTime);
        record[FileFlagsOffset] = isDirectory ? FlagDirectory : (byte)0;
        record[FileUnitSizeOffset] = 0;
        record[InterleaveGapOffset] = 0;
        IsoBinary.WriteBothEndian16(record[VolumeSequenceNumberOffset..], VolumeSequenceNumber);
        record[IdentifierLengthOffset] = (byte)identifier.Length;
        identifier.CopyTo(record[IdentifierOffset..]);
        systemUse.CopyTo(record[SystemUseOffset(identifier.Length)..]);
        return length;
    }
}
