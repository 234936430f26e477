namespace Aurae.Images.Pe;

/// <summary>
/// Renames one section in the section table (its 8-byte Name field), leaving its content, place and
/// size as they are: a way to retire a section whose content is replaced by a new section elsewhere.
/// </summary>
public static class PeSectionRenamer
{
    /// <summary>
    /// A copy of <paramref name="image"/>'s bytes with section <paramref name="name"/> named <paramref name="newName"/>.
    /// Throws <see cref="InvalidDataException"/> when there is no such section.
    /// </summary>
    public static byte[] Rename(PeImage image, string name, string newName)
    {
        ArgumentNullException.ThrowIfNull(image);
        int index = image.Sections.ToList().FindIndex(section => section.Name == name);
        if (index < 0)
            throw new InvalidDataException($"The PE image has no section '{name}' to rename.");
        byte[] bytes = image.Data.ToArray();
        (image.Sections[index] with { Name = newName })
            .Write(bytes.AsSpan(image.SectionTableOffset + (index * PeSectionHeader.Length), PeSectionHeader.Length));
        return bytes;
    }
}
