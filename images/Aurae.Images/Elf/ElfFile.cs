using System.Text;

namespace Aurae.Images.Elf;

/// <summary>
/// A little-endian ELF64 file in memory, read through its header and section header table (System V
/// gABI, "Object Files": ELF Header and Sections). Errors are <see cref="InvalidDataException"/>s whose
/// message starts with the source name given to <see cref="Open"/>.
/// </summary>
public readonly ref struct ElfFile
{
    // gABI "Sections": with 0xFFFF or more sections, e_shnum is 0 and the count is section 0's
    // sh_size; e_shstrndx is SHN_XINDEX and the index is section 0's sh_link.
    private const ushort ExtendedIndex = 0xFFFF;

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _sourceName;

    private ElfFile(ReadOnlySpan<byte> data, string sourceName, ElfHeader header)
    {
        _data = data;
        _sourceName = sourceName;
        Header = header;
    }

    /// <summary>The file's ELF header.</summary>
    public ElfHeader Header { get; }

    /// <summary>
    /// Checks that <paramref name="data"/> is a little-endian ELF64 file and reads its header.
    /// <paramref name="sourceName"/> (usually a path) starts every error message.
    /// </summary>
    public static ElfFile Open(ReadOnlySpan<byte> data, string sourceName)
    {
        if (!ElfHeader.HasMagic(data))
            throw Error(sourceName, "not an ELF file (bad magic)");
        if (data.Length < ElfHeader.Length)
            throw Error(sourceName, $"truncated ELF header ({data.Length} of {ElfHeader.Length} bytes)");
        var header = ElfHeader.Read(data);
        if (header.Class != ElfHeader.Class64)
            throw Error(sourceName, $"not a 64-bit ELF file (EI_CLASS {header.Class}, expected {ElfHeader.Class64})");
        if (header.DataEncoding != ElfHeader.LittleEndian)
            throw Error(sourceName, $"not a little-endian ELF file (EI_DATA {header.DataEncoding}, expected {ElfHeader.LittleEndian})");
        return new ElfFile(data, sourceName, header);
    }

    /// <summary>An <see cref="InvalidDataException"/> about this file: "source: problem".</summary>
    public InvalidDataException Error(string problem) => Error(_sourceName, problem);

    /// <summary>
    /// The content of the first section named <paramref name="name"/> (empty for SHT_NOBITS); false if
    /// there is none. Throws <see cref="InvalidDataException"/> when the section table or a section it
    /// reaches lies outside the file.
    /// </summary>
    public bool TryFindSection(string name, out ReadOnlySpan<byte> content)
    {
        var tableOffset = Header.SectionHeaderOffset;
        var entrySize = Header.SectionHeaderEntrySize;
        if (tableOffset == 0)
            throw Error("no section header table");
        if (entrySize < ElfSectionHeader.Length)
            throw Error($"section header entries of {entrySize} bytes, expected at least {ElfSectionHeader.Length}");

        var first = SectionHeader(0);
        ulong count = Header.SectionCount;
        if (count == 0)
            count = first.Size;
        uint namesIndex = Header.SectionNameIndex;
        if (namesIndex == ExtendedIndex)
            namesIndex = first.Link;
        if (count > (ulong)_data.Length / entrySize || tableOffset + count * entrySize > (ulong)_data.Length)
            throw Error(
                $"truncated: the section header table at offset {tableOffset} ({count} entries of {entrySize} bytes) extends beyond the file ({_data.Length} bytes)");
        if (namesIndex >= count)
            throw Error($"section name table index {namesIndex} is out of range ({count} sections)");

        var names = SectionContent(SectionHeader(namesIndex), "section name table");
        for (ulong index = 1; index < count; index++)
        {
            var header = SectionHeader(index);
            if (NameEquals(names, header.NameOffset, name))
            {
                content = SectionContent(header, name);
                return true;
            }
        }

        content = [];
        return false;
    }

    private ElfSectionHeader SectionHeader(ulong index)
    {
        var offset = Header.SectionHeaderOffset + index * Header.SectionHeaderEntrySize;
        if (offset + ElfSectionHeader.Length > (ulong)_data.Length)
            throw Error($"truncated: section header {index} at offset {offset} extends beyond the file ({_data.Length} bytes)");
        return ElfSectionHeader.Read(_data.Slice((int)offset, ElfSectionHeader.Length));
    }

    private ReadOnlySpan<byte> SectionContent(ElfSectionHeader header, string what)
    {
        if (header.Type == ElfSectionHeader.TypeNoBits)
            return [];
        if (header.Offset > (ulong)_data.Length || header.Size > (ulong)_data.Length - header.Offset)
            throw Error($"truncated: the {what} at offset {header.Offset} ({header.Size} bytes) extends beyond the file ({_data.Length} bytes)");
        return _data.Slice((int)header.Offset, (int)header.Size);
    }

    private static bool NameEquals(ReadOnlySpan<byte> names, uint offset, string expected)
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
