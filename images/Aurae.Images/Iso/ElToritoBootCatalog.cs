using System.Buffers.Binary;

namespace Aurae.Images.Iso;

/// <summary>
/// The El Torito boot catalog (El Torito 1.0 §2.1-2.4), one 2048-byte sector: the validation entry, the
/// initial/default entry (BIOS when present) and, when both are present, a final section header for the EFI
/// platform with one section entry. OVMF reads only this first sector of the catalog.
/// </summary>
internal static class ElToritoBootCatalog
{
    /// <summary>Every catalog entry is 32 bytes.</summary>
    public const int EntrySize = 32;

    /// <summary>Platform ID 0: 80x86 (§2.1).</summary>
    public const byte PlatformX86 = 0x00;

    /// <summary>Platform ID 0xEF: EFI (UEFI 2.x §13.3.2.1 extends El Torito's list).</summary>
    public const byte PlatformEfi = 0xEF;

    /// <summary>Virtual sectors of 512 bytes count the image to load (§2.2 "Sector Count").</summary>
    public const int VirtualSectorSize = 512;

    // --- Validation entry, §2.1. ---
    private const byte ValidationHeaderId = 0x01;
    private const int ValidationPlatformOffset = 1;
    private const int ValidationChecksumOffset = 28;
    private const int ValidationKey55Offset = 30;
    private const int ValidationKeyAAOffset = 31;
    private const byte Key55 = 0x55;
    private const byte KeyAA = 0xAA;

    // --- Initial/default entry (§2.2) and section entry (§2.4) share these offsets. ---
    private const byte BootIndicatorBootable = 0x88;
    private const int BootIndicatorOffset = 0;
    private const int BootMediaTypeOffset = 1;     // 0: no emulation
    private const int LoadSegmentOffset = 2;       // 0: the traditional 0x7C0
    private const int SystemTypeOffset = 4;        // 0 for no emulation
    private const int SectorCountOffset = 6;
    private const int LoadRbaOffset = 8;
    private const byte MediaNoEmulation = 0;

    // --- Section header, §2.3. ---
    private const byte FinalSectionHeader = 0x91;
    private const int SectionPlatformOffset = 1;
    private const int SectionEntryCountOffset = 2;

    /// <summary>
    /// The Sector Count for an image of <paramref name="length"/> bytes: its size in 512-byte units, or 0 when that
    /// does not fit 16 bits (UEFI firmware then takes the whole image from the FAT file system's own size).
    /// </summary>
    public static ushort SectorCountFor(long length)
    {
        long sectors = (length + VirtualSectorSize - 1) / VirtualSectorSize;
        return sectors <= ushort.MaxValue ? (ushort)sectors : (ushort)0;
    }

    /// <summary>The catalog sector for a BIOS and/or an EFI no-emulation image; at least one must be given.</summary>
    public static byte[] Build(ElToritoBootEntry? bios, ElToritoBootEntry? efi)
    {
        ElToritoBootEntry initial = bios ?? efi ?? throw new ArgumentException("A boot catalog needs at least one boot entry.");
        var sector = new byte[IsoBinary.SectorSize];
        WriteValidationEntry(sector.AsSpan(0, EntrySize), bios is not null ? PlatformX86 : PlatformEfi);
        WriteBootEntry(sector.AsSpan(EntrySize, EntrySize), initial);
        if (bios is not null && efi is not null)
        {
            Span<byte> header = sector.AsSpan(2 * EntrySize, EntrySize);
            header[0] = FinalSectionHeader;
            header[SectionPlatformOffset] = PlatformEfi;
            BinaryPrimitives.WriteUInt16LittleEndian(header[SectionEntryCountOffset..], 1);
            WriteBootEntry(sector.AsSpan(3 * EntrySize, EntrySize), efi);
        }

        return sector;
    }

    /// <summary>§2.1: header id, platform, zero manufacturer id, a checksum making the 16-bit word sum zero, 55 AA.</summary>
    private static void WriteValidationEntry(Span<byte> entry, byte platform)
    {
        entry[0] = ValidationHeaderId;
        entry[ValidationPlatformOffset] = platform;
        entry[ValidationKey55Offset] = Key55;
        entry[ValidationKeyAAOffset] = KeyAA;
        ushort sum = 0;
        for (int i = 0; i < EntrySize; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16LittleEndian(entry[i..]);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(entry[ValidationChecksumOffset..], (ushort)-sum);
    }

    private static void WriteBootEntry(Span<byte> entry, ElToritoBootEntry boot)
    {
        entry[BootIndicatorOffset] = BootIndicatorBootable;
        entry[BootMediaTypeOffset] = MediaNoEmulation;
        BinaryPrimitives.WriteUInt16LittleEndian(entry[LoadSegmentOffset..], 0);
        entry[SystemTypeOffset] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(entry[SectorCountOffset..], boot.SectorCount);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[LoadRbaOffset..], boot.LoadLba);
    }
}
