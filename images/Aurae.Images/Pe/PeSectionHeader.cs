using System.Buffers.Binary;
using System.Text;

namespace Aurae.Images.Pe;

/// <summary>
/// One 40-byte entry of the section table (PE/COFF specification, section 3.5 "Section Table
/// (Section Headers)").
/// </summary>
public sealed record PeSectionHeader
{
    // --- Field offsets within an entry (section 3.5). ---
    internal const int NameOffset = 0;
    internal const int VirtualSizeOffset = 8;
    internal const int VirtualAddressOffset = 12;
    internal const int SizeOfRawDataOffset = 16;
    internal const int PointerToRawDataOffset = 20;
    internal const int PointerToRelocationsOffset = 24;
    internal const int PointerToLinenumbersOffset = 28;
    internal const int NumberOfRelocationsOffset = 32;
    internal const int NumberOfLinenumbersOffset = 34;
    internal const int CharacteristicsOffset = 36;

    /// <summary>40 bytes.</summary>
    public const int Length = 40;

    /// <summary>Name field size: an 8-byte, NUL-padded UTF-8 name (image files have no long names).</summary>
    public const int NameLength = 8;

    /// <summary>Section name without the NUL padding, e.g. ".text".</summary>
    public required string Name { get; init; }

    /// <summary>Size of the section when loaded into memory; zero-filled past <see cref="SizeOfRawData"/>.</summary>
    public uint VirtualSize { get; init; }

    /// <summary>RVA of the section's first byte when loaded; a multiple of SectionAlignment.</summary>
    public uint VirtualAddress { get; init; }

    /// <summary>Size of the section's data in the file; a multiple of FileAlignment.</summary>
    public uint SizeOfRawData { get; init; }

    /// <summary>File offset of the section's data; a multiple of FileAlignment.</summary>
    public uint PointerToRawData { get; init; }

    /// <summary>File offset of relocation entries; zero in images.</summary>
    public uint PointerToRelocations { get; init; }

    /// <summary>File offset of COFF line numbers; zero in images.</summary>
    public uint PointerToLinenumbers { get; init; }

    /// <summary>Number of relocation entries; zero in images.</summary>
    public ushort NumberOfRelocations { get; init; }

    /// <summary>Number of COFF line-number entries; zero in images.</summary>
    public ushort NumberOfLinenumbers { get; init; }

    /// <summary>Section flags.</summary>
    public PeSectionCharacteristics Characteristics { get; init; }

    /// <summary>First RVA after the section in memory (not rounded to SectionAlignment).</summary>
    public long VirtualEnd => (long)VirtualAddress + VirtualSize;

    /// <summary>First file offset after the section's raw data.</summary>
    public long RawDataEnd => (long)PointerToRawData + SizeOfRawData;

    internal static PeSectionHeader Read(ReadOnlySpan<byte> source)
    {
        ReadOnlySpan<byte> name = source.Slice(NameOffset, NameLength);
        int nul = name.IndexOf((byte)0);
        return new PeSectionHeader
        {
            Name = Encoding.UTF8.GetString(nul < 0 ? name : name[..nul]),
            VirtualSize = BinaryPrimitives.ReadUInt32LittleEndian(source[VirtualSizeOffset..]),
            VirtualAddress = BinaryPrimitives.ReadUInt32LittleEndian(source[VirtualAddressOffset..]),
            SizeOfRawData = BinaryPrimitives.ReadUInt32LittleEndian(source[SizeOfRawDataOffset..]),
            PointerToRawData = BinaryPrimitives.ReadUInt32LittleEndian(source[PointerToRawDataOffset..]),
            PointerToRelocations = BinaryPrimitives.ReadUInt32LittleEndian(source[PointerToRelocationsOffset..]),
            PointerToLinenumbers = BinaryPrimitives.ReadUInt32LittleEndian(source[PointerToLinenumbersOffset..]),
            NumberOfRelocations = BinaryPrimitives.ReadUInt16LittleEndian(source[NumberOfRelocationsOffset..]),
            NumberOfLinenumbers = BinaryPrimitives.ReadUInt16LittleEndian(source[NumberOfLinenumbersOffset..]),
            Characteristics = (PeSectionCharacteristics)BinaryPrimitives.ReadUInt32LittleEndian(source[CharacteristicsOffset..]),
        };
    }

    /// <summary>Writes the 40-byte entry; the name must already be valid (see <see cref="PeSectionData"/>).</summary>
    internal void Write(Span<byte> destination)
    {
        Span<byte> name = destination.Slice(NameOffset, NameLength);
        name.Clear();
        Encoding.UTF8.GetBytes(Name, name);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[VirtualSizeOffset..], VirtualSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[VirtualAddressOffset..], VirtualAddress);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SizeOfRawDataOffset..], SizeOfRawData);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PointerToRawDataOffset..], PointerToRawData);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PointerToRelocationsOffset..], PointerToRelocations);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PointerToLinenumbersOffset..], PointerToLinenumbers);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[NumberOfRelocationsOffset..], NumberOfRelocations);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[NumberOfLinenumbersOffset..], NumberOfLinenumbers);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[CharacteristicsOffset..], (uint)Characteristics);
    }
}
