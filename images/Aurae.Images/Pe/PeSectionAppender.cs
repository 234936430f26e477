using System.Buffers.Binary;
using Aurae.Images.IO;

namespace Aurae.Images.Pe;

/// <summary>
/// Writes a PE32+ image followed by new sections, the way systemd's ukify builds a UKI from its stub:
/// the COFF symbol table is stripped, each section's raw data starts at the file's end rounded up to
/// FileAlignment and its RVA right after the previous section rounded up to SectionAlignment, and
/// NumberOfSections, SizeOfCode, SizeOfInitializedData and SizeOfImage are updated; CheckSum becomes 0.
/// </summary>
public static class PeSectionAppender
{
    /// <summary>
    /// Writes <paramref name="image"/> with <paramref name="sections"/> appended, in order, to
    /// <paramref name="output"/>. Throws <see cref="InvalidDataException"/> when the image cannot take
    /// them (signed, not enough header room, trailing data, duplicate section name).
    /// </summary>
    public static void Write(Stream output, PeImage image, IReadOnlyList<PeSectionData> sections)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(sections);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream must be writable.", nameof(output));
        }

        if (!image.CertificateTable.IsEmpty)
        {
            // Appending would invalidate the Authenticode signature; the result must be signed afterwards instead.
            throw new InvalidDataException(
                "The PE image is signed (its certificate table is not empty); appending sections would break the signature. Use an unsigned stub.");
        }

        long bodyEnd = BodyEnd(image);
        bool hasSymbolTable = CheckTrailingBytes(image, bodyEnd);
        CheckHeaderRoom(image, sections.Count);
        (PeSectionHeader[] added, uint sizeOfCode, uint sizeOfInitializedData, uint sizeOfImage) = Layout(image, sections, bodyEnd);

        byte[] headers = image.Data[..(int)image.OptionalHeader.SizeOfHeaders].ToArray();
        CoffFileHeader fileHeader = image.FileHeader with
        {
            NumberOfSections = checked((ushort)(image.Sections.Count + added.Length)),
            PointerToSymbolTable = 0,
            NumberOfSymbols = 0,
            Characteristics = hasSymbolTable
                ? (ushort)(image.FileHeader.Characteristics | CoffFileHeader.LocalSymbolsStripped)
                : image.FileHeader.Characteristics,
        };
        fileHeader.Write(headers.AsSpan(image.FileHeaderOffset));
        PeOptionalHeader optionalHeader = image.OptionalHeader with
        {
            SizeOfCode = sizeOfCode,
            SizeOfInitializedData = sizeOfInitializedData,
            SizeOfImage = sizeOfImage,
            // Firmware does not verify the checksum, and 0 is what ukify writes rather than a recomputed sum.
            CheckSum = 0,
        };
        optionalHeader.Write(headers.AsSpan(image.OptionalHeaderOffset));
        for (int i = 0; i < added.Length; i++)
        {
            int entryOffset = image.SectionTableOffset + ((image.Sections.Count + i) * PeSectionHeader.Length);
            added[i].Write(headers.AsSpan(entryOffset, PeSectionHeader.Length));
        }

        output.Write(headers);
        output.Write(image.Data.Span[headers.Length..(int)bodyEnd]);
        long position = bodyEnd;
        for (int i = 0; i < added.Length; i++)
        {
            ZeroFill.Write(output, added[i].PointerToRawData - position);
            output.Write(sections[i].Content.Span);
            ZeroFill.Write(output, added[i].SizeOfRawData - (long)sections[i].Content.Length);
            position = added[i].RawDataEnd;
        }
    }

    /// <summary>The end of the last section's raw data (or of the headers): where appended data may start.</summary>
    private static long BodyEnd(PeImage image) =>
        image.Sections.Where(section => section.SizeOfRawData != 0)
            .Select(section => section.RawDataEnd)
            .Append(image.OptionalHeader.SizeOfHeaders)
            .Max();

    /// <summary>
    /// Only a COFF symbol table (with its string table) or zero padding may follow the sections: image
    /// files should not carry a symbol table (section 5.4), and ukify strips it; other trailing data
    /// (an overlay) would end up between the old and new sections. Returns true when a symbol table is stripped.
    /// </summary>
    private static bool CheckTrailingBytes(PeImage image, long bodyEnd)
    {
        ReadOnlySpan<byte> data = image.Data.Span;
        long trailingEnd = data.Length;
        uint symbolTable = image.FileHeader.PointerToSymbolTable;
        bool hasSymbolTable = symbolTable != 0;
        if (hasSymbolTable)
        {
            long symbolsEnd = symbolTable + ((long)image.FileHeader.NumberOfSymbols * CoffFileHeader.SymbolRecordLength);
            // Section 5.6: the string table follows the symbols; its first 4 bytes give its size, themselves included.
            long stringTableEnd = symbolsEnd + sizeof(uint) <= data.Length
                ? symbolsEnd + BinaryPrimitives.ReadUInt32LittleEndian(data[(int)symbolsEnd..])
                : symbolsEnd;
            if (symbolTable < bodyEnd || stringTableEnd != data.Length)
            {
                throw new InvalidDataException(
                    $"The COFF symbol table at 0x{symbolTable:X} (ending at 0x{stringTableEnd:X}) is not at the end of the {data.Length}-byte image, so it cannot be stripped.");
            }

            trailingEnd = symbolTable;
        }

        if (data[(int)bodyEnd..(int)trailingEnd].ContainsAnyExcept((byte)0))
        {
            throw new InvalidDataException(
                $"The PE image has {trailingEnd - bodyEnd} bytes of data after its last section (an overlay); sections cannot be appended after it.");
        }

        return hasSymbolTable;
    }

    private static void CheckHeaderRoom(PeImage image, int count)
    {
        long tableEnd = image.SectionTableOffset + ((long)image.Sections.Count * PeSectionHeader.Length);
        long newTableEnd = tableEnd + ((long)count * PeSectionHeader.Length);
        long room = image.Sections.Where(section => section.SizeOfRawData != 0)
            .Select(section => (long)section.PointerToRawData)
            .Append(image.OptionalHeader.SizeOfHeaders)
            .Min();
        if (newTableEnd > room)
        {
            throw new InvalidDataException(
                $"The PE headers have room for {(room - tableEnd) / PeSectionHeader.Length} more section headers, not {count} (SizeOfHeaders 0x{image.OptionalHeader.SizeOfHeaders:X}).");
        }

        if (image.Data.Span[(int)tableEnd..(int)newTableEnd].ContainsAnyExcept((byte)0))
        {
            throw new InvalidDataException(
                $"The bytes after the PE section table (0x{tableEnd:X}..0x{newTableEnd:X}) are in use, so no section header can be added there.");
        }
    }

    private static (PeSectionHeader[] Added, uint SizeOfCode, uint SizeOfInitializedData, uint SizeOfImage) Layout(
        PeImage image, IReadOnlyList<PeSectionData> sections, long bodyEnd)
    {
        PeOptionalHeader optional = image.OptionalHeader;
        var names = new HashSet<string>(image.Sections.Select(section => section.Name), StringComparer.Ordinal);
        long fileEnd = bodyEnd;
        long virtualEnd = image.Sections.Select(section => section.VirtualEnd).Append(optional.SizeOfHeaders).Max();
        long sizeOfCode = optional.SizeOfCode;
        long sizeOfInitializedData = optional.SizeOfInitializedData;
        var added = new PeSectionHeader[sections.Count];
        for (int i = 0; i < sections.Count; i++)
        {
            PeSectionData section = sections[i] ?? throw new ArgumentException($"Section {i} is null.", nameof(sections));
            if (!names.Add(section.Name))
            {
                throw new InvalidDataException($"The PE image already has a section named '{section.Name}'.");
            }

            uint virtualSize = section.EffectiveVirtualSize;
            added[i] = new PeSectionHeader
            {
                Name = section.Name,
                VirtualSize = virtualSize,
                VirtualAddress = ToUInt32(AlignUp(virtualEnd, optional.SectionAlignment), section.Name),
                SizeOfRawData = ToUInt32(AlignUp(section.Content.Length, optional.FileAlignment), section.Name),
                PointerToRawData = ToUInt32(AlignUp(fileEnd, optional.FileAlignment), section.Name),
                Characteristics = section.Characteristics,
            };
            fileEnd = added[i].RawDataEnd;
            virtualEnd = added[i].VirtualEnd;
            // ukify counts each added section's VirtualSize; the specification sums sections by their CNT_* flag.
            if (section.Characteristics.HasFlag(PeSectionCharacteristics.ContainsCode))
            {
                sizeOfCode += virtualSize;
            }

            if (section.Characteristics.HasFlag(PeSectionCharacteristics.ContainsInitializedData))
            {
                sizeOfInitializedData += virtualSize;
            }
        }

        // Section 3.4.2: SizeOfImage is a multiple of SectionAlignment covering every section.
        uint sizeOfImage = ToUInt32(AlignUp(virtualEnd, optional.SectionAlignment), "SizeOfImage");
        return (added, ToUInt32(sizeOfCode, "SizeOfCode"), ToUInt32(sizeOfInitializedData, "SizeOfInitializedData"), sizeOfImage);
    }

    private static long AlignUp(long value, uint alignment) => (value + alignment - 1) / alignment * alignment;

    private static uint ToUInt32(long value, string what) =>
        value <= uint.MaxValue
            ? (uint)value
            : throw new InvalidDataException($"The PE image would exceed 4 GiB at '{what}' (0x{value:X}).");

}
