using Aurae.Contract.Measurement;
using Aurae.Images.Pe;

namespace Aurae.Composer.Measurement;

/// <summary>
/// What systemd-stub 252 (Debian bookworm's systemd-boot-efi 252.x) measures into PCR 11 before it
/// uses a UKI's sections, read from systemd v252's sources:
/// <list type="bullet">
/// <item>src/fundamental/tpm-pcr.h: TPM_PCR_INDEX_KERNEL_IMAGE is 11.</item>
/// <item>src/fundamental/tpm-pcr.c: unified_sections[] = .linux .osrel .cmdline .initrd .splash .dtb
/// .pcrsig .pcrpkey, in that order ("do not reorder"); 252 knows no .uname (added in v253), so the
/// .uname section our UKIs carry is not measured.</item>
/// <item>src/fundamental/tpm-pcr.h, unified_section_measure(): every section but .pcrsig (the signature
/// of the expected PCR values cannot be an input to them).</item>
/// <item>src/boot/efi/stub.c, run(): for each section of that table in table order that was found
/// (size not 0), two events: the section's name including its terminating NUL (strsize8), then the
/// section's bytes in memory, ImageBase + VirtualAddress for VirtualSize bytes.</item>
/// <item>src/boot/efi/pe.c, locate_sections(): a table name matches a section header whose 8-byte Name
/// starts with it (memcmp over strlen8 bytes, no NUL compared); a later matching header wins; the
/// size is the header's VirtualSize. In memory, the firmware's loader copied the raw data up to
/// VirtualSize and zero-filled the rest (PE/COFF 3.5: VirtualSize beyond SizeOfRawData is zero-filled),
/// so the file's FileAlignment padding past VirtualSize is not measured, and a VirtualSize past the raw
/// data is measured as zeros.</item>
/// </list>
/// </summary>
public static class StubMeasuredSections
{
    /// <summary>
    /// TPM_PCR_INDEX_KERNEL_IMAGE (v252 src/fundamental/tpm-pcr.h): the PCR the stub measures the UKI's
    /// sections into, 11, the PCR the prediction file's format is named for.
    /// </summary>
    public const int Pcr = Pcr11PredictionFile.Pcr;

    /// <summary>The stub version whose rules these are.</summary>
    public const string Rules = "systemd-stub 252";

    /// <summary>unified_sections[] of v252 src/fundamental/tpm-pcr.c, in its order.</summary>
    public static IReadOnlyList<string> Table { get; } =
        [".linux", ".osrel", ".cmdline", ".initrd", ".splash", ".dtb", ".pcrsig", ".pcrpkey"];

    /// <summary>unified_section_measure() of v252 src/fundamental/tpm-pcr.h: all but UNIFIED_SECTION_PCRSIG.</summary>
    public static bool IsMeasured(string tableName) => tableName != ".pcrsig";

    /// <summary>
    /// The sections of <paramref name="image"/> the stub measures, in the order it measures them, each
    /// under its table name with the header the stub's lookup picks.
    /// </summary>
    public static IReadOnlyList<(string Name, PeSectionHeader Header)> Find(PeImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var found = new List<(string, PeSectionHeader)>();
        foreach (var name in Table.Where(IsMeasured))
        {
            // Prefix match, last header wins, as locate_sections() fills its arrays.
            var header = image.Sections.LastOrDefault(section => section.Name.StartsWith(name, StringComparison.Ordinal));
            // A zero size is the stub's "not found" (szs[section] == 0).
            if (header is { VirtualSize: > 0 })
                found.Add((name, header));
        }
        return found;
    }

    /// <summary>The name event's data: the table name and its terminating NUL (strsize8).</summary>
    public static byte[] NameEvent(string tableName) => [.. System.Text.Encoding.ASCII.GetBytes(tableName), 0];
}
