using System.Buffers.Binary;

namespace Aurae.Images.Pe;

/// <summary>
/// The 20-byte COFF File Header that follows the "PE\0\0" signature (PE/COFF specification,
/// section 3.3 "COFF File Header (Object and Image)").
/// </summary>
/// <param name="Machine">Target CPU, e.g. <see cref="MachineAmd64"/>.</param>
/// <param name="NumberOfSections">Entries in the section table.</param>
/// <param name="TimeDateStamp">Seconds since 1970; 0 in reproducible builds.</param>
/// <param name="PointerToSymbolTable">File offset of the COFF symbol table; 0 when there is none.</param>
/// <param name="NumberOfSymbols">Records in the COFF symbol table.</param>
/// <param name="SizeOfOptionalHeader">Size of the optional header, data directories included.</param>
/// <param name="Characteristics">IMAGE_FILE_* flags.</param>
public readonly record struct CoffFileHeader(
    ushort Machine,
    ushort NumberOfSections,
    uint TimeDateStamp,
    uint PointerToSymbolTable,
    uint NumberOfSymbols,
    ushort SizeOfOptionalHeader,
    ushort Characteristics)
{
    // --- Field offsets within the header (section 3.3). ---
    internal const int MachineOffset = 0;
    internal const int NumberOfSectionsOffset = 2;
    internal const int TimeDateStampOffset = 4;
    internal const int PointerToSymbolTableOffset = 8;
    internal const int NumberOfSymbolsOffset = 12;
    internal const int SizeOfOptionalHeaderOffset = 16;
    internal const int CharacteristicsOffset = 18;

    /// <summary>20 bytes.</summary>
    public const int Length = 20;

    /// <summary>IMAGE_FILE_MACHINE_AMD64 (section 3.3.1 "Machine Types").</summary>
    public const ushort MachineAmd64 = 0x8664;

    /// <summary>
    /// IMAGE_FILE_LOCAL_SYMS_STRIPPED (section 3.3.2 "Characteristics"): set once the COFF symbol
    /// table is removed, as systemd's ukify does.
    /// </summary>
    public const ushort LocalSymbolsStripped = 0x0008;

    /// <summary>Size of one COFF symbol table record (section 5.4 "COFF Symbol Table").</summary>
    public const int SymbolRecordLength = 18;

    /// <summary>Reads the header at the start of <paramref name="source"/>.</summary>
    internal static CoffFileHeader Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(source[MachineOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[NumberOfSectionsOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[TimeDateStampOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[PointerToSymbolTableOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[NumberOfSymbolsOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[SizeOfOptionalHeaderOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[CharacteristicsOffset..]));

    /// <summary>Writes all fields to the start of <paramref name="destination"/>.</summary>
    internal void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MachineOffset..], Machine);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[NumberOfSectionsOffset..], NumberOfSections);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[TimeDateStampOffset..], TimeDateStamp);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PointerToSymbolTableOffset..], PointerToSymbolTable);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[NumberOfSymbolsOffset..], NumberOfSymbols);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[SizeOfOptionalHeaderOffset..], SizeOfOptionalHeader);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[CharacteristicsOffset..], Characteristics);
    }
}
