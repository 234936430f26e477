using System.Buffers.Binary;

namespace Aurae.Images.Pe;

/// <summary>
/// The PE32+ optional header (PE/COFF specification, section 3.4 "Optional Header (Image Only)"):
/// standard fields (3.4.1) and Windows-specific fields (3.4.2). The data directories that follow
/// it are <see cref="PeDataDirectory"/> values.
/// </summary>
public sealed record PeOptionalHeader
{
    // --- PE32+ field offsets from the start of the optional header (sections 3.4.1 and 3.4.2). ---
    internal const int MagicOffset = 0;
    internal const int MajorLinkerVersionOffset = 2;
    internal const int MinorLinkerVersionOffset = 3;
    internal const int SizeOfCodeOffset = 4;
    internal const int SizeOfInitializedDataOffset = 8;
    internal const int SizeOfUninitializedDataOffset = 12;
    internal const int AddressOfEntryPointOffset = 16;
    internal const int BaseOfCodeOffset = 20;
    internal const int ImageBaseOffset = 24;
    internal const int SectionAlignmentOffset = 32;
    internal const int FileAlignmentOffset = 36;
    internal const int MajorOperatingSystemVersionOffset = 40;
    internal const int MinorOperatingSystemVersionOffset = 42;
    internal const int MajorImageVersionOffset = 44;
    internal const int MinorImageVersionOffset = 46;
    internal const int MajorSubsystemVersionOffset = 48;
    internal const int MinorSubsystemVersionOffset = 50;
    internal const int Win32VersionValueOffset = 52;
    internal const int SizeOfImageOffset = 56;
    internal const int SizeOfHeadersOffset = 60;
    internal const int CheckSumOffset = 64;
    internal const int SubsystemOffset = 68;
    internal const int DllCharacteristicsOffset = 70;
    internal const int SizeOfStackReserveOffset = 72;
    internal const int SizeOfStackCommitOffset = 80;
    internal const int SizeOfHeapReserveOffset = 88;
    internal const int SizeOfHeapCommitOffset = 96;
    internal const int LoaderFlagsOffset = 104;
    internal const int NumberOfRvaAndSizesOffset = 108;

    /// <summary>Length of the PE32+ fields before the data directories: 112 bytes.</summary>
    public const int FixedLength = 112;

    /// <summary>Magic of a PE32+ (64-bit) image (section 3.4 "Optional Header Magic Number").</summary>
    public const ushort Pe32PlusMagic = 0x20B;

    /// <summary>Magic of a PE32 (32-bit) image, recognised only to name it in errors.</summary>
    public const ushort Pe32Magic = 0x10B;

    /// <summary>Image kind: <see cref="Pe32PlusMagic"/> for PE32+.</summary>
    public ushort Magic { get; init; }

    /// <summary>Linker major version.</summary>
    public byte MajorLinkerVersion { get; init; }

    /// <summary>Linker minor version.</summary>
    public byte MinorLinkerVersion { get; init; }

    /// <summary>Size of the code sections (IMAGE_SCN_CNT_CODE).</summary>
    public uint SizeOfCode { get; init; }

    /// <summary>Size of the initialized data sections.</summary>
    public uint SizeOfInitializedData { get; init; }

    /// <summary>Size of the uninitialized data (BSS) sections.</summary>
    public uint SizeOfUninitializedData { get; init; }

    /// <summary>Entry point RVA.</summary>
    public uint AddressOfEntryPoint { get; init; }

    /// <summary>RVA of the beginning of the code section.</summary>
    public uint BaseOfCode { get; init; }

    /// <summary>Preferred load address.</summary>
    public ulong ImageBase { get; init; }

    /// <summary>Alignment of sections in memory; each VirtualAddress is a multiple of it.</summary>
    public uint SectionAlignment { get; init; }

    /// <summary>Alignment of section raw data in the file.</summary>
    public uint FileAlignment { get; init; }

    /// <summary>Required OS major version.</summary>
    public ushort MajorOperatingSystemVersion { get; init; }

    /// <summary>Required OS minor version.</summary>
    public ushort MinorOperatingSystemVersion { get; init; }

    /// <summary>Image major version.</summary>
    public ushort MajorImageVersion { get; init; }

    /// <summary>Image minor version.</summary>
    public ushort MinorImageVersion { get; init; }

    /// <summary>Subsystem major version.</summary>
    public ushort MajorSubsystemVersion { get; init; }

    /// <summary>Subsystem minor version.</summary>
    public ushort MinorSubsystemVersion { get; init; }

    /// <summary>Reserved, zero.</summary>
    public uint Win32VersionValue { get; init; }

    /// <summary>Size of the image in memory, headers included; a multiple of <see cref="SectionAlignment"/>.</summary>
    public uint SizeOfImage { get; init; }

    /// <summary>Size of the headers and section table, rounded up to <see cref="FileAlignment"/>.</summary>
    public uint SizeOfHeaders { get; init; }

    /// <summary>Image checksum; zero means none (firmware does not check it).</summary>
    public uint CheckSum { get; init; }

    /// <summary>Subsystem, e.g. 10 for an EFI application.</summary>
    public ushort Subsystem { get; init; }

    /// <summary>IMAGE_DLLCHARACTERISTICS_* flags.</summary>
    public ushort DllCharacteristics { get; init; }

    /// <summary>Stack reserve size.</summary>
    public ulong SizeOfStackReserve { get; init; }

    /// <summary>Stack commit size.</summary>
    public ulong SizeOfStackCommit { get; init; }

    /// <summary>Heap reserve size.</summary>
    public ulong SizeOfHeapReserve { get; init; }

    /// <summary>Heap commit size.</summary>
    public ulong SizeOfHeapCommit { get; init; }

    /// <summary>Reserved, zero.</summary>
    public uint LoaderFlags { get; init; }

    /// <summary>Number of data directory entries after the fixed fields.</summary>
    public uint NumberOfRvaAndSizes { get; init; }

    /// <summary>Reads the PE32+ fixed fields at the start of <paramref name="source"/> (at least <see cref="FixedLength"/> bytes).</summary>
    internal static PeOptionalHeader Read(ReadOnlySpan<byte> source) => new()
    {
        Magic = BinaryPrimitives.ReadUInt16LittleEndian(source[MagicOffset..]),
        MajorLinkerVersion = source[MajorLinkerVersionOffset],
        MinorLinkerVersion = source[MinorLinkerVersionOffset],
        SizeOfCode = BinaryPrimitives.ReadUInt32LittleEndian(source[SizeOfCodeOffset..]),
        SizeOfInitializedData = BinaryPrimitives.ReadUInt32LittleEndian(source[SizeOfInitializedDataOffset..]),
        SizeOfUninitializedData = BinaryPrimitives.ReadUInt32LittleEndian(source[SizeOfUninitializedDataOffset..]),
        AddressOfEntryPoint = BinaryPrimitives.ReadUInt32LittleEndian(source[AddressOfEntryPointOffset..]),
        BaseOfCode = BinaryPrimitives.ReadUInt32LittleEndian(source[BaseOfCodeOffset..]),
        ImageBase = BinaryPrimitives.ReadUInt64LittleEndian(source[ImageBaseOffset..]),
        SectionAlignment = BinaryPrimitives.ReadUInt32LittleEndian(source[SectionAlignmentOffset..]),
        FileAlignment = BinaryPrimitives.ReadUInt32LittleEndian(source[FileAlignmentOffset..]),
        MajorOperatingSystemVersion = BinaryPrimitives.ReadUInt16LittleEndian(source[MajorOperatingSystemVersionOffset..]),
        MinorOperatingSystemVersion = BinaryPrimitives.ReadUInt16LittleEndian(source[MinorOperatingSystemVersionOffset..]),
        MajorImageVersion = BinaryPrimitives.ReadUInt16LittleEndian(source[MajorImageVersionOffset..]),
        MinorImageVersion = BinaryPrimitives.ReadUInt16LittleEndian(source[MinorImageVersionOffset..]),
        MajorSubsystemVersion = BinaryPrimitives.ReadUInt16LittleEndian(source[MajorSubsystemVersionOffset..]),
        MinorSubsystemVersion = BinaryPrimitives.ReadUInt16LittleEndian(source[MinorSubsystemVersionOffset..]),
        Win32VersionValue = BinaryPrimitives.ReadUInt32LittleEndian(source[Win32VersionValueOffset..]),
        SizeOfImage = BinaryPrimitives.ReadUInt32LittleEndian(source[SizeOfImageOffset..]),
        SizeOfHeaders = BinaryPrimitives.ReadUInt32LittleEndian(source[SizeOfHeadersOffset..]),
        CheckSum = BinaryPrimitives.ReadUInt32LittleEndian(source[CheckSumOffset..]),
        Subsystem = BinaryPrimitives.ReadUInt16LittleEndian(source[SubsystemOffset..]),
        DllCharacteristics = BinaryPrimitives.ReadUInt16LittleEndian(source[DllCharacteristicsOffset..]),
        SizeOfStackReserve = BinaryPrimitives.ReadUInt64LittleEndian(source[SizeOfStackReserveOffset..]),
        SizeOfStackCommit = BinaryPrimitives.ReadUInt64LittleEndian(source[SizeOfStackCommitOffset..]),
        SizeOfHeapReserve = BinaryPrimitives.ReadUInt64LittleEndian(source[SizeOfHeapReserveOffset..]),
        SizeOfHeapCommit = BinaryPrimitives.ReadUInt64LittleEndian(source[SizeOfHeapCommitOffset..]),
        LoaderFlags = BinaryPrimitives.ReadUInt32LittleEndian(source[LoaderFlagsOffset..]),
        NumberOfRvaAndSizes = BinaryPrimitives.ReadUInt32LittleEndian(source[NumberOfRvaAndSizesOffset..]),
    };

    /// <summary>Writes the PE32+ fixed fields to the start of <paramref name="destination"/>.</summary>
    internal void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MagicOffset..], Magic);
        destination[MajorLinkerVersionOffset] = MajorLinkerVersion;
        destination[MinorLinkerVersionOffset] = MinorLinkerVersion;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SizeOfCodeOffset..], SizeOfCode);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SizeOfInitializedDataOffset..], SizeOfInitializedData);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SizeOfUninitializedDataOffset..], SizeOfUninitializedData);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[AddressOfEntryPointOffset..], AddressOfEntryPoint);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[BaseOfCodeOffset..], BaseOfCode);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[ImageBaseOffset..], ImageBase);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SectionAlignmentOffset..], SectionAlignment);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FileAlignmentOffset..], FileAlignment);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MajorOperatingSystemVersionOffset..], MajorOperatingSystemVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MinorOperatingSystemVersionOffset..], MinorOperatingSystemVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MajorImageVersionOffset..], MajorImageVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MinorImageVersionOffset..], MinorImageVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MajorSubsystemVersionOffset..], MajorSubsystemVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MinorSubsystemVersionOffset..], MinorSubsystemVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[Win32VersionValueOffset..], Win32VersionValue);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SizeOfImageOffset..], SizeOfImage);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SizeOfHeadersOffset..], SizeOfHeaders);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[CheckSumOffset..], CheckSum);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[SubsystemOffset..], Subsystem);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[DllCharacteristicsOffset..], DllCharacteristics);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[SizeOfStackReserveOffset..], SizeOfStackReserve);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[SizeOfStackCommitOffset..], SizeOfStackCommit);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[SizeOfHeapReserveOffset..], SizeOfHeapReserve);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[SizeOfHeapCommitOffset..], SizeOfHeapCommit);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[LoaderFlagsOffset..], LoaderFlags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[NumberOfRvaAndSizesOffset..], NumberOfRvaAndSizes);
    }
}
