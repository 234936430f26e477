using System.Buffers.Binary;
using System.Numerics;

namespace Aurae.Images.Pe;

/// <summary>
/// A parsed PE32+ image file (PE/COFF specification): MS-DOS stub, "PE\0\0" signature, COFF file
/// header, optional header, data directories and section table, over the original bytes.
/// </summary>
public sealed class PeImage
{
    /// <summary>"MZ", the MS-DOS header magic at offset 0 (section 2 "Overview": MS-DOS stub).</summary>
    public const ushort DosMagic = 0x5A4D;

    /// <summary>Offset of e_lfanew, the file offset of the PE signature (section 3.2 "Signature (Image Only)").</summary>
    public const int PeSignaturePointerOffset = 0x3C;

    /// <summary>"PE\0\0" (section 3.2).</summary>
    public static ReadOnlySpan<byte> PeSignature => "PE\0\0"u8;

    private PeImage(
        ReadOnlyMemory<byte> data,
        int peSignatureOffset,
        CoffFileHeader fileHeader,
        PeOptionalHeader optionalHeader,
        IReadOnlyList<PeDataDirectory> dataDirectories,
        IReadOnlyList<PeSectionHeader> sections)
    {
        Data = data;
        PeSignatureOffset = peSignatureOffset;
        FileHeader = fileHeader;
        OptionalHeader = optionalHeader;
        DataDirectories = dataDirectories;
        Sections = sections;
    }

    /// <summary>The whole file as parsed.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>File offset of the "PE\0\0" signature (the MS-DOS header's e_lfanew).</summary>
    public int PeSignatureOffset { get; }

    /// <summary>The COFF file header.</summary>
    public CoffFileHeader FileHeader { get; }

    /// <summary>The PE32+ optional header's fixed fields.</summary>
    public PeOptionalHeader OptionalHeader { get; }

    /// <summary>The <see cref="PeOptionalHeader.NumberOfRvaAndSizes"/> data directories.</summary>
    public IReadOnlyList<PeDataDirectory> DataDirectories { get; }

    /// <summary>The section table, in file order.</summary>
    public IReadOnlyList<PeSectionHeader> Sections { get; }

    /// <summary>File offset of the COFF file header.</summary>
    public int FileHeaderOffset => PeSignatureOffset + PeSignature.Length;

    /// <summary>File offset of the optional header.</summary>
    public int OptionalHeaderOffset => FileHeaderOffset + CoffFileHeader.Length;

    /// <summary>File offset of the section table.</summary>
    public int SectionTableOffset => OptionalHeaderOffset + FileHeader.SizeOfOptionalHeader;

    /// <summary>File offset of the optional header's CheckSum field.</summary>
    public int CheckSumOffset => OptionalHeaderOffset + PeOptionalHeader.CheckSumOffset;

    /// <summary>File offset of data directory entry <paramref name="index"/> (section 3.4.3).</summary>
    public int DataDirectoryOffset(int index) => OptionalHeaderOffset + PeOptionalHeader.FixedLength + (index * PeDataDirectory.Length);

    /// <summary>The certificate table (security directory) entry; empty for an unsigned image.</summary>
    public PeDataDirectory CertificateTable =>
        DataDirectories.Count > PeDataDirectory.CertificateTableIndex
            ? DataDirectories[PeDataDirectory.CertificateTableIndex]
            : default;

    /// <summary>
    /// True when <paramref name="data"/> starts with an MS-DOS header whose e_lfanew points at a
    /// "PE\0\0" signature, e.g. a bzImage built with the EFI stub. Does not validate further.
    /// </summary>
    public static bool HasPeSignature(ReadOnlySpan<byte> data)
    {
        if (data.Length < PeSignaturePointerOffset + sizeof(uint) || BinaryPrimitives.ReadUInt16LittleEndian(data) != DosMagic)
        {
            return false;
        }

        uint pointer = BinaryPrimitives.ReadUInt32LittleEndian(data[PeSignaturePointerOffset..]);
        return pointer <= (uint)(data.Length - PeSignature.Length) && data.Slice((int)pointer, PeSignature.Length).SequenceEqual(PeSignature);
    }

    /// <summary>
    /// Parses and validates a PE32+ image. Throws <see cref="InvalidDataException"/> naming the first
    /// structural problem (bad magic, truncation, misaligned or overlapping sections, PE32 images).
    /// </summary>
    public static PeImage Parse(ReadOnlyMemory<byte> image)
    {
        ReadOnlySpan<byte> data = image.Span;
        if (data.Length < PeSignaturePointerOffset + sizeof(uint) || BinaryPrimitives.ReadUInt16LittleEndian(data) != DosMagic)
        {
            throw new InvalidDataException("Not a PE image: the file does not start with an MS-DOS 'MZ' header.");
        }

        uint signatureOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[PeSignaturePointerOffset..]);
        long fileHeaderOffset = (long)signatureOffset + PeSignature.Length;
        if (fileHeaderOffset + CoffFileHeader.Length > data.Length)
        {
            throw new InvalidDataException($"Not a PE image: e_lfanew 0x{signatureOffset:X} points past the end of the {data.Length}-byte file.");
        }

        if (!data.Slice((int)signatureOffset, PeSignature.Length).SequenceEqual(PeSignature))
        {
            throw new InvalidDataException($"Not a PE image: no 'PE\\0\\0' signature at e_lfanew 0x{signatureOffset:X}.");
        }

        CoffFileHeader fileHeader = CoffFileHeader.Read(data[(int)fileHeaderOffset..]);
        int optionalOffset = (int)fileHeaderOffset + CoffFileHeader.Length;
        if (fileHeader.SizeOfOptionalHeader < sizeof(ushort) || optionalOffset + fileHeader.SizeOfOptionalHeader > data.Length)
        {
            throw new InvalidDataException($"PE optional header of {fileHeader.SizeOfOptionalHeader} bytes is missing or truncated.");
        }

        ushort magic = BinaryPrimitives.ReadUInt16LittleEndian(data[optionalOffset..]);
        if (magic != PeOptionalHeader.Pe32PlusMagic)
        {
            string kind = magic == PeOptionalHeader.Pe32Magic ? "PE32 (32-bit)" : $"unknown (magic 0x{magic:X})";
            throw new InvalidDataException($"Only PE32+ images are supported; this optional header is {kind}.");
        }

        if (fileHeader.SizeOfOptionalHeader < PeOptionalHeader.FixedLength)
        {
            throw new InvalidDataException(
                $"PE32+ optional header is {fileHeader.SizeOfOptionalHeader} bytes, below the {PeOptionalHeader.FixedLength} fixed bytes.");
        }

        PeOptionalHeader optional = PeOptionalHeader.Read(data.Slice(optionalOffset, fileHeader.SizeOfOptionalHeader));
        long directoryBytes = (long)optional.NumberOfRvaAndSizes * PeDataDirectory.Length;
        if (PeOptionalHeader.FixedLength + directoryBytes > fileHeader.SizeOfOptionalHeader)
        {
            throw new InvalidDataException(
                $"NumberOfRvaAndSizes {optional.NumberOfRvaAndSizes} does not fit in the {fileHeader.SizeOfOptionalHeader}-byte optional header.");
        }

        var directories = new PeDataDirectory[optional.NumberOfRvaAndSizes];
        for (int i = 0; i < directories.Length; i++)
        {
            directories[i] = PeDataDirectory.Read(data[(optionalOffset + PeOptionalHeader.FixedLength + (i * PeDataDirectory.Length))..]);
        }

        ValidateAlignments(optional);
        int sectionTableOffset = optionalOffset + fileHeader.SizeOfOptionalHeader;
        long sectionTableEnd = sectionTableOffset + ((long)fileHeader.NumberOfSections * PeSectionHeader.Length);
        if (sectionTableEnd > optional.SizeOfHeaders || optional.SizeOfHeaders > data.Length)
        {
            throw new InvalidDataException(
                $"PE section table (ends at 0x{sectionTableEnd:X}) and SizeOfHeaders 0x{optional.SizeOfHeaders:X} do not fit the {data.Length}-byte file.");
        }

        var sections = new PeSectionHeader[fileHeader.NumberOfSections];
        for (int i = 0; i < sections.Length; i++)
        {
            sections[i] = PeSectionHeader.Read(data[(sectionTableOffset + (i * PeSectionHeader.Length))..]);
        }

        ValidateSections(sections, optional, data.Length);
        return new PeImage(image, (int)signatureOffset, fileHeader, optional, directories, sections);
    }

    /// <summary>The first section called <paramref name="name"/>, or null.</summary>
    public PeSectionHeader? FindSection(string name) => Sections.FirstOrDefault(section => section.Name == name);

    /// <summary>
    /// The bytes a section holds in the file: its raw data, cut to <see cref="PeSectionHeader.VirtualSize"/>
    /// when that is smaller (the rest is FileAlignment padding).
    /// </summary>
    public ReadOnlyMemory<byte> GetSectionContent(PeSectionHeader section)
    {
        ArgumentNullException.ThrowIfNull(section);
        uint length = section.VirtualSize == 0 ? section.SizeOfRawData : Math.Min(section.VirtualSize, section.SizeOfRawData);
        return Data.Slice((int)section.PointerToRawData, (int)length);
    }

    private static void ValidateAlignments(PeOptionalHeader optional)
    {
        if (!BitOperations.IsPow2(optional.FileAlignment) || !BitOperations.IsPow2(optional.SectionAlignment))
        {
            throw new InvalidDataException(
                $"PE alignments must be powers of two; FileAlignment is 0x{optional.FileAlignment:X}, SectionAlignment 0x{optional.SectionAlignment:X}.");
        }

        if (optional.SectionAlignment < optional.FileAlignment)
        {
            throw new InvalidDataException(
                $"PE SectionAlignment 0x{optional.SectionAlignment:X} is below FileAlignment 0x{optional.FileAlignment:X} (section 3.4.2).");
        }
    }

    private static void ValidateSections(PeSectionHeader[] sections, PeOptionalHeader optional, int fileLength)
    {
        long previousEnd = optional.SizeOfHeaders;
        string previousName = "the headers";
        foreach (PeSectionHeader section in sections)
        {
            if (section.SizeOfRawData != 0 && (section.PointerToRawData < optional.SizeOfHeaders || section.RawDataEnd > fileLength))
            {
                throw new InvalidDataException(
                    $"PE section '{section.Name}' raw data 0x{section.PointerToRawData:X}+0x{section.SizeOfRawData:X} lies outside the file body (0x{optional.SizeOfHeaders:X}..0x{fileLength:X}).");
            }

            // VirtualAddress alignment is not enforced: Debian's systemd 252 stub puts .sdmagic at 0x19100
            // with a SectionAlignment of 0x200, and firmware loads it.
            // Section 3.5: in an image, sections are in ascending VirtualAddress order and do not overlap.
            if (section.VirtualAddress < previousEnd)
            {
                throw new InvalidDataException(
                    $"PE section '{section.Name}' at RVA 0x{section.VirtualAddress:X} overlaps {previousName} (ends at 0x{previousEnd:X}).");
            }

            previousEnd = section.VirtualEnd;
            previousName = $"section '{section.Name}'";
        }

        if (previousEnd > optional.SizeOfImage)
        {
            throw new InvalidDataException($"PE sections end at RVA 0x{previousEnd:X}, past SizeOfImage 0x{optional.SizeOfImage:X}.");
        }
    }
}
