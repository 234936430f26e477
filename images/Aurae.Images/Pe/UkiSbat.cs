using System.Text;

namespace Aurae.Images.Pe;

/// <summary>
/// The UKI's .sbat section (shim's SBAT.md: CSV lines component,generation,vendor,package,version,url),
/// merged as systemd's ukify merge_sbat does: the one "sbat," header line, then the stub's lines, the
/// kernel's lines (when the kernel is a PE image with a .sbat section) and the UKI's own lines, each
/// without its header, newline-terminated, then a NUL. Revoking any of those components revokes the UKI.
/// </summary>
public static class UkiSbat
{
    /// <summary>The section shim reads the SBAT metadata from.</summary>
    public const string SectionName = ".sbat";

    /// <summary>What the stub's own .sbat is renamed to when the merged content does not fit it (8 bytes at most).</summary>
    public const string RetiredSectionName = ".sbatstb";

    /// <summary>The SBAT format's own line, first in every .sbat section.</summary>
    public const string HeaderLine = HeaderComponent + "1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md";

    /// <summary>The header line's component name and separator: a line starting so is the header.</summary>
    public const string HeaderComponent = "sbat,";

    /// <summary>Fields of an SBAT line: component_name, component_generation, vendor_name, vendor_package_name, vendor_version, vendor_url.</summary>
    public const int FieldCount = 6;

    /// <summary>
    /// The merged section content. <paramref name="ownLines"/> are the UKI's own entries, e.g.
    /// "aurae,1,Aurae,aurae,0.1,https://…", without the header line.
    /// </summary>
    public static byte[] Merge(IEnumerable<PeImage> images, string ownLines)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(ownLines);
        var lines = new List<string> { HeaderLine };
        foreach (PeImage image in images)
        {
            if (image.FindSection(SectionName) is not { } section)
            {
                continue;
            }

            string[] existing = Encoding.UTF8.GetString(image.GetSectionContent(section).Span).TrimEnd('\0').Split('\n');
            // ukify skips a .sbat section that does not start with the header: it is not SBAT data.
            if (existing[0].StartsWith(HeaderComponent, StringComparison.Ordinal))
            {
                lines.AddRange(existing.Skip(1).Where(line => line.Length > 0));
            }
        }

        lines.AddRange(ownLines.Split('\n').Where(line => line.Length > 0));
        return Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n\0");
    }

    /// <summary>Whether <paramref name="content"/> fits the room <paramref name="image"/>'s .sbat has in place.</summary>
    public static bool FitsInPlace(PeImage image, ReadOnlySpan<byte> content) =>
        content.Length <= PeSectionContentReplacer.Room(image, image.Sections.ToList().FindIndex(section => section.Name == SectionName));
}
