namespace Aurae.Images.Pe;

/// <summary>
/// A section to append to a PE image: its name, its bytes and how it is flagged. By default it is
/// readable initialized data whose in-memory size is its length, as systemd's ukify adds UKI sections.
/// </summary>
public sealed record PeSectionData
{
    /// <summary>Creates a section; <paramref name="name"/> is 1 to 8 printable ASCII characters, <paramref name="content"/> is not empty.</summary>
    public PeSectionData(string name, ReadOnlyMemory<byte> content)
    {
        Name = name;
        Content = content;
    }

    /// <summary>
    /// Section name, 1 to <see cref="PeSectionHeader.NameLength"/> printable ASCII characters: image files
    /// cannot use the COFF string table for longer names, and systemd-stub compares only 8 bytes.
    /// </summary>
    public string Name
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Name));
            if (value.Length is 0 or > PeSectionHeader.NameLength || !value.All(c => c is >= ' ' and <= '~'))
            {
                throw new ArgumentException(
                    $"PE section name '{value}' must be 1 to {PeSectionHeader.NameLength} printable ASCII characters.", nameof(Name));
            }

            field = value;
        }
    }

    /// <summary>The section's bytes, written as its raw data (zero-padded to FileAlignment).</summary>
    public ReadOnlyMemory<byte> Content
    {
        get;
        init
        {
            if (value.IsEmpty)
            {
                throw new ArgumentException($"PE section '{Name}' has no content.", nameof(Content));
            }

            field = value;
        }
    }

    /// <summary>Section flags; readable initialized data unless set.</summary>
    public PeSectionCharacteristics Characteristics { get; init; } =
        PeSectionCharacteristics.MemoryRead | PeSectionCharacteristics.ContainsInitializedData;

    /// <summary>
    /// In-memory size when it must exceed the content (the loader zero-fills the rest); null means
    /// the content's length. A smaller value would make the loader drop the content's tail, so it is refused.
    /// </summary>
    public uint? VirtualSize
    {
        get;
        init
        {
            if (value is { } size && size < Content.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(VirtualSize), size,
                    $"The virtual size of PE section '{Name}' is below its {Content.Length}-byte content.");
            }

            field = value;
        }
    }

    /// <summary>The size the section occupies in memory: <see cref="VirtualSize"/> or the content's length.</summary>
    public uint EffectiveVirtualSize => VirtualSize ?? (uint)Content.Length;
}
