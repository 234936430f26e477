using System.Buffers.Binary;

namespace Aurae.Images.Elf;

/// <summary>
/// The fields of an ELF header (System V gABI, "ELF Header") this library reads, from a 64-bit
/// little-endian file: a vmlinux out of a bzImage, a kernel module.
/// </summary>
public readonly record struct ElfHeader(
    byte Class,
    byte DataEncoding,
    ushort Type,
    ushort Machine,
    ulong SectionHeaderOffset,
    ushort SectionHeaderEntrySize,
    ushort SectionCount,
    ushort SectionNameIndex)
{
    /// <summary>Bytes of the ELF64 header (e_ehsize).</summary>
    public const int Length = 64;

    /// <summary>ELFCLASS64, in e_ident[EI_CLASS].</summary>
    public const byte Class64 = 2;

    /// <summary>ELFDATA2LSB, in e_ident[EI_DATA].</summary>
    public const byte LittleEndian = 1;

    /// <summary>ET_REL, the e_type of a relocatable object such as a kernel module.</summary>
    public const ushort TypeRelocatable = 1;

    /// <summary>EM_X86_64, the e_machine of x86-64.</summary>
    public const ushort MachineX86_64 = 62;

    // e_ident and Elf64_Ehdr field offsets (gABI "ELF Identification", "ELF Header", 64-bit layout).
    private const int ClassOffset = 4;
    private const int DataOffset = 5;
    private const int TypeOffset = 16;
    private const int MachineOffset = 18;
    private const int SectionHeaderOffsetOffset = 40;
    private const int SectionHeaderEntrySizeOffset = 58;
    private const int SectionCountOffset = 60;
    private const int SectionNameIndexOffset = 62;

    /// <summary>e_ident's first four bytes: 0x7F 'E' 'L' 'F'.</summary>
    public static ReadOnlySpan<byte> Magic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>True when <paramref name="data"/> starts with <see cref="Magic"/>.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> data) => data.StartsWith(Magic);

    /// <summary>
    /// Reads the header at the start of <paramref name="data"/>, which must hold at least <see cref="Length"/>
    /// bytes. The multi-byte fields are read little-endian: check <see cref="DataEncoding"/> before using them.
    /// </summary>
    public static ElfHeader Read(ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(data.Length, Length, nameof(data));
        return new ElfHeader(
            data[ClassOffset],
            data[DataOffset],
            BinaryPrimitives.ReadUInt16LittleEndian(data[TypeOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(data[MachineOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[SectionHeaderOffsetOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(data[SectionHeaderEntrySizeOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(data[SectionCountOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(data[SectionNameIndexOffset..]));
    }
}
