using System.Buffers.Binary;
using System.Text;

namespace Aurae.Composer.Kernel;

/// <summary>
/// Finds and parses the .modinfo section of a kernel module: a little-endian ELF64 relocatable
/// object. Only the ELF header and the section header table are read (System V ABI, "Object Files":
/// ELF Header and Sections).
/// </summary>
public static class ElfModInfoReader
{
    private const string ModInfoSectionName = ".modinfo";

    // e_ident (gABI "ELF Identification"): magic 0x7F 'E' 'L' 'F', then class and data encoding.
    private static ReadOnlySpan<byte> ElfMagic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];
    private const int EiClass = 4;
    private const byte ElfClass64 = 2;
    private const int EiData = 5;
    private const byte ElfData2Lsb = 1;

    // Elf64_Ehdr field offsets and size (gABI "ELF Header", 64-bit layout).
    private const int EType = 16;
    private const int EShOff = 40;
    private const int EShEntSize = 58;
    private const int EShNum = 60;
    private const int EShStrNdx = 62;
    private const int Elf64HeaderSize = 64;
    private const ushort EtRel = 1;

    // Elf64_Shdr field offsets and size (gABI "Sections", 64-bit layout).
    private const int ShName = 0;
    private const int ShType = 4;
    private const int ShOffset = 24;
    private const int ShSize = 32;
    private const int ShLink = 40;
    private const int Elf64SectionHeaderSize = 64;
    private const uint ShtNobits = 8;

    // gABI "Sections": with 0xFFFF or more sections, e_shnum is 0 and the count is section 0's
    // sh_size; e_shstrndx is SHN_XINDEX and the index is section 0's sh_link.
    private const ushort ShnXindex = 0xFFFF;

    /// <summary>Reads the .modinfo entries of the module image <paramref name="elf"/>.</summary>
    /// <param name="sourceName">What to call the module in errors (usually its path).</param>
    /// <exception cref="InvalidDataException">Not an ELF64 LE relocatable, truncated, or without .modinfo.</exception>
    public static ModInfo Read(ReadOnlySpan<byte> elf, string sourceName) =>
        ModInfo.Parse(FindModInfoSection(elf, sourceName));

    /// <summary>The bytes of the .modinfo section of <paramref name="elf"/>.</summary>
    public static ReadOnlySpan<byte> FindModInfoSection(ReadOnlySpan<byte> elf, string sourceName)
    {
        if (elf.Length < ElfMagic.Length || !elf[..ElfMagic.Length].SequenceEqual(ElfMagic))
            throw Error(sourceName, "not an ELF file (bad magic)");
        if (elf.Length < Elf64HeaderSize)
            throw Error(sourceName, $"truncated ELF header ({elf.Length} of {Elf64HeaderSize} bytes)");
        if (elf[EiClass] != ElfClass64)
            throw Error(sourceName, $"not a 64-bit ELF file (EI_CLASS {elf[EiClass]}, expected {ElfClass64})");
        if (elf[EiData] != ElfData2Lsb)
            throw Error(sourceName, $"not a little-endian ELF file (EI_DATA {elf[EiData]}, expected {ElfData2Lsb})");
        var type = BinaryPrimitives.ReadUInt16LittleEndian(elf[EType..]);
        if (type != EtRel)
            throw Error(sourceName, $"not a relocatable object (e_type {type}, expected ET_REL {EtRel})");

        var tableOffset = BinaryPrimitives.ReadUInt64LittleEndian(elf[EShOff..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf[EShEntSize..]);
        if (tableOffset == 0)
            throw Error(sourceName, "no section header table");
        if (entrySize < Elf64SectionHeaderSize)
            throw Error(sourceName, $"section header entries of {entrySize} bytes, expected at least {Elf64SectionHeaderSize}");

        var first = SectionHeader(elf, sourceName, tableOffset, entrySize, 0);
        ulong count = BinaryPrimitives.ReadUInt16LittleEndian(elf[EShNum..]);
        if (count == 0)
            count = BinaryPrimitives.ReadUInt64LittleEndian(first[ShSize..]);
        uint namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(elf[EShStrNdx..]);
        if (namesIndex == ShnXindex)
            namesIndex = BinaryPrimitives.ReadUInt32LittleEndian(first[ShLink..]);
        if (count > (ulong)elf.Length / entrySize || tableOffset + count * entrySize > (ulong)elf.Length)
            throw Error(sourceName,
                $"truncated: the section header table at offset {tableOffset} ({count} entries of {entrySize} bytes) extends beyond the file ({elf.Length} bytes)");
        if (namesIndex >= count)
            throw Error(sourceName, $"section name table index {namesIndex} is out of range ({count} sections)");

        var names = SectionContent(elf, sourceName, SectionHeader(elf, sourceName, tableOffset, entrySize, namesIndex), "section name table");
        for (ulong index = 1; index < count; index++)
        {
            var header = SectionHeader(elf, sourceName, tableOffset, entrySize, index);
            var nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[ShName..]);
            if (SectionNameEquals(names, nameOffset, ModInfoSectionName))
                return SectionContent(elf, sourceName, header, ModInfoSectionName);
        }
        throw Error(sourceName, $"no {ModInfoSectionName} section (not a kernel module?)");
    }

    private static ReadOnlySpan<byte> SectionHeader(ReadOnlySpan<byte> elf, string sourceName, ulong tableOffset, ushort entrySize, ulong index)
    {
        var offset = tableOffset + index * entrySize;
        if (offset + Elf64SectionHeaderSize > (ulong)elf.Length)
            throw Error(sourceName, $"truncated: section header {index} at offset {offset} extends beyond the file ({elf.Length} bytes)");
        return elf.Slice((int)offset, Elf64SectionHeaderSize);
    }

    private static ReadOnlySpan<byte> SectionContent(ReadOnlySpan<byte> elf, string sourceName, ReadOnlySpan<byte> header, string what)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[ShType..]) == ShtNobits)
            return [];
        var offset = BinaryPrimitives.ReadUInt64LittleEndian(header[ShOffset..]);
        var size = BinaryPrimitives.ReadUInt64LittleEndian(header[ShSize..]);
        if (offset > (ulong)elf.Length || size > (ulong)elf.Length - offset)
            throw Error(sourceName, $"truncated: the {what} at offset {offset} ({size} bytes) extends beyond the file ({elf.Length} bytes)");
        return elf.Slice((int)offset, (int)size);
    }

    private static bool SectionNameEquals(ReadOnlySpan<byte> names, uint offset, string expected)
    {
        if (offset >= (uint)names.Length)
            return false;
        var rest = names[(int)offset..];
        var end = rest.IndexOf((byte)0);
        var name = end < 0 ? rest : rest[..end];
        return name.Length == expected.Length && Encoding.ASCII.GetString(name) == expected;
    }

    private static InvalidDataException Error(string sourceName, string problem) => new($"{sourceName}: {problem}");
}
