using System.Buffers.Binary;

namespace Aurae.Images.Fat;

/// <summary>
/// One 32-byte short directory entry (fatgen103 "FAT 32 Byte Directory Entry Structure"). All three time
/// stamps (creation, last access, write) are set to <see cref="Timestamp"/>.
/// </summary>
internal readonly record struct FatDirectoryEntry(
    FatShortName Name,
    FatAttributes Attributes,
    uint FirstCluster,
    uint FileSize,
    FatTimestamp Timestamp)
{
    /// <summary>Every directory entry, short or long, is 32 bytes.</summary>
    public const int Size = 32;

    // --- Field offsets, fatgen103. ---
    private const int NameOffset = 0;
    private const int AttrOffset = 11;
    private const int NtResOffset = 12;
    private const int CrtTimeTenthOffset = 13;
    private const int CrtTimeOffset = 14;
    private const int CrtDateOffset = 16;
    private const int LstAccDateOffset = 18;
    private const int FstClusHiOffset = 20;
    private const int WrtTimeOffset = 22;
    private const int WrtDateOffset = 24;
    private const int FstClusLoOffset = 26;
    private const int FileSizeOffset = 28;

    /// <summary>Writes the entry into the first 32 bytes of <paramref name="destination"/>.</summary>
    public void Encode(Span<byte> destination)
    {
        Span<byte> entry = destination[..Size];
        Name.CopyTo(entry[NameOffset..]);
        entry[AttrOffset] = (byte)Attributes;
        entry[NtResOffset] = 0;
        entry[CrtTimeTenthOffset] = Timestamp.Tenths;
        BinaryPrimitives.WriteUInt16LittleEndian(entry[CrtTimeOffset..], Timestamp.Time);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[CrtDateOffset..], Timestamp.Date);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[LstAccDateOffset..], Timestamp.Date);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[FstClusHiOffset..], (ushort)(FirstCluster >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(entry[WrtTimeOffset..], Timestamp.Time);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[WrtDateOffset..], Timestamp.Date);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[FstClusLoOffset..], (ushort)FirstCluster);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[FileSizeOffset..], FileSize);
    }
}
