namespace Aurae.Images.Compression;

/// <summary>
/// The configuration names (node.yaml, aurae-compose options) of the <see cref="CompressionFormat"/> values an
/// initramfs can be written in: "none", "gzip", "zstd". The formats that are only read have no name.
/// </summary>
public static class CompressionFormatNames
{
    private static readonly (string Name, CompressionFormat Format)[] Table =
    [
        ("none", CompressionFormat.None),
        ("gzip", CompressionFormat.Gzip),
        ("zstd", CompressionFormat.Zstd),
    ];

    /// <summary>All valid names, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = Array.ConvertAll(Table, entry => entry.Name);

    /// <summary>
    /// Parses a lowercase name as written in configuration. Matching is exact so that a configuration
    /// has a single spelling; an unknown name gives an <see cref="ArgumentException"/> listing the valid ones.
    /// </summary>
    public static CompressionFormat Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryParse(name, out CompressionFormat format))
        {
            return format;
        }

        throw new ArgumentException(
            $"Unknown compression format '{name}'. Valid values: {string.Join(", ", All)}.", nameof(name));
    }

    /// <summary>Parses a lowercase name; false if it is not one of <see cref="All"/>.</summary>
    public static bool TryParse(string? name, out CompressionFormat format)
    {
        foreach ((string candidate, CompressionFormat value) in Table)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                format = value;
                return true;
            }
        }

        format = default;
        return false;
    }

    /// <summary>The configuration name of <paramref name="format"/>.</summary>
    public static string ToName(this CompressionFormat format)
    {
        foreach ((string name, CompressionFormat value) in Table)
        {
            if (value == format)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(format), format, "Not a compression format a configuration can name.");
    }
}
