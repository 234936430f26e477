using System.Buffers.Binary;

namespace Aurae.Images.Fat;

/// <summary>
/// The VFAT long-name entries that precede a short entry (fatgen103 "FAT Long Directory Entries"): 13 UTF-16
/// code units each, stored last part first, ordinals counting down to 1, the first stored one flagged 0x40.
/// </summary>
internal static class FatLongNameEntries
{
    /// <summary>Longest long name, in UTF-16 code units.</summary>
    public const int MaxNameLength = 255;

    /// <summary>UTF-16 code units one entry holds: 5 + 6 + 2.</summary>
    public const int CharactersPerEntry = 13;

    // --- Field offsets, fatgen103 "FAT Long Directory Entry Structure". ---
    private const int OrdOffset = 0;
    private const int Name1Offset = 1;
    private const int Name1Characters = 5;
    private const int AttrOffset = 11;
    private const int TypeOffset = 12;
    private const int ChksumOffset = 13;
    private const int Name2Offset = 14;
    private const int Name2Characters = 6;
    private const int FstClusLoOffset = 26;
    private const int Name3Offset = 28;
    private const int Name3Characters = 2;

    /// <summary>LAST_LONG_ENTRY: set on the ordinal of the entry holding the end of the name (stored first).</summary>
    private const byte LastLongEntry = 0x40;

    /// <summary>A name that does not fill its last entry ends with one NUL; the rest is padded with 0xFFFF.</summary>
    private const ushort Terminator = 0x0000;
    private const ushort Padding = 0xFFFF;

    /// <summary>Number of 32-byte entries <paramref name="name"/> needs.</summary>
    public static int EntryCount(string name) => (name.Length + CharactersPerEntry - 1) / CharactersPerEntry;

    /// <summary>Writes the entries for <paramref name="name"/> into <paramref name="destination"/>, in on-disk order.</summary>
    public static void Encode(string name, byte checksum, Span<byte> destination)
    {
        int count = EntryCount(name);
        for (int ordinal = count; ordinal >= 1; ordinal--)
        {
            Span<byte> entry = destination.Slice((count - ordinal) * FatDirectoryEntry.Size, FatDirectoryEntry.Size);
            entry[OrdOffset] = (byte)(ordinal == count ? ordinal | LastLongEntry : ordinal);
            entry[AttrOffset] = (byte)FatAttributes.LongName;
            entry[TypeOffset] = 0;
            entry[ChksumOffset] = checksum;
            BinaryPrimitives.WriteUInt16LittleEndian(entry[FstClusLoOffset..], 0);

            int first = (ordinal - 1) * CharactersPerEntry;
            WriteCharacters(name, first, entry.Slice(Name1Offset, Name1Characters * 2));
            WriteCharacters(name, first + Name1Characters, entry.Slice(Name2Offset, Name2Characters * 2));
            WriteCharacters(name, first + Name1Characters + Name2Characters, entry.Slice(Name3Offset, Name3Characters * 2));
        }
    }

    private static void WriteCharacters(string name, int start, Span<byte> field)
    {
        for (int i = 0; i < field.Length / 2; i++)
        {
            int index = start + i;
            ushort value = index < name.Length ? name[index] : index == name.Length ? Terminator : Padding;
            BinaryPrimitives.WriteUInt16LittleEndian(field[(i * 2)..], value);
        }
    }
}
