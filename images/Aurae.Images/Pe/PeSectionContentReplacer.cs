namespace Aurae.Images.Pe;

/// <summary>
/// Rewrites one existing section's content in place, as systemd's ukify does for the stub's .sbat: the new
/// bytes replace the old at the same file offset and RVA, the rest of the raw data is zero-filled and
/// VirtualSize becomes the new length. Nothing else moves, so the content must fit the room the section has.
/// </summary>
public static class PeSectionContentReplacer
{
    /// <summary>
    /// A copy of <paramref name="image"/>'s bytes with section <paramref name="name"/> holding <paramref name="content"/>.
    /// Throws <see cref="InvalidDataException"/> when there is no such section or the content does not fit.
    /// </summary>
    public static byte[] Replace(PeImage image, string name, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(image);
        int index = image.Sections.ToList().FindIndex(section => section.Name == name);
        if (index < 0)
        {
            throw new InvalidDataException($"The PE image has no section '{name}' to replace.");
        }

        PeSectionHeader section = image.Sections[index];
        long room = Room(image, index);
        if (content.Length > room)
        {
            throw new InvalidDataException(
                $"The new content of PE section '{name}' is {content.Length} bytes; the section has room for {room} " +
                $"(raw size 0x{section.SizeOfRawData:X}, 0x{VirtualRoom(image, index):X} bytes of RVA space before the next section).");
        }

        byte[] bytes = image.Data.ToArray();
        Span<byte> raw = bytes.AsSpan((int)section.PointerToRawData, (int)section.SizeOfRawData);
        raw.Clear();
        content.CopyTo(raw);
        (section with { VirtualSize = (uint)content.Length })
            .Write(bytes.AsSpan(image.SectionTableOffset + (index * PeSectionHeader.Length), PeSectionHeader.Length));
        return bytes;
    }

    /// <summary>How many bytes section <paramref name="index"/> can hold in place.</summary>
    public static long Room(PeImage image, int index) => Math.Min(VirtualRoom(image, index), image.Sections[index].SizeOfRawData);

    // In memory the section may grow only up to the next section's RVA (or SizeOfImage); in the file, up to its raw size.
    private static long VirtualRoom(PeImage image, int index) =>
        (index + 1 < image.Sections.Count ? image.Sections[index + 1].VirtualAddress : image.OptionalHeader.SizeOfImage)
        - (long)image.Sections[index].VirtualAddress;
}
