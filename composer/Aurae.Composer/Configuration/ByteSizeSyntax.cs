using System.Globalization;

namespace Aurae.Composer.Configuration;

/// <summary>
/// Sizes as node.yaml writes them: a number of bytes, or a number with a binary unit
/// (K, M, G, T or KiB, MiB, GiB, TiB; powers of 1024 either way, as qemu-img and LinuxKit read them).
/// </summary>
public static class ByteSizeSyntax
{
    private static readonly (string Suffix, int Shift)[] Units =
    [
        ("KiB", 10), ("MiB", 20), ("GiB", 30), ("TiB", 40),
        ("K", 10), ("M", 20), ("G", 30), ("T", 40),
    ];

    /// <summary>Parses <paramref name="text"/>; returns an error message, or null with the size in <paramref name="bytes"/>.</summary>
    public static string? Parse(string text, out long bytes)
    {
        bytes = 0;
        var shift = 0;
        var number = text.Trim();
        foreach (var (suffix, unitShift) in Units)
        {
            if (number.EndsWith(suffix, StringComparison.Ordinal))
            {
                number = number[..^suffix.Length].TrimEnd();
                shift = unitShift;
                break;
            }
        }
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value == 0)
            return $"'{text}' is not a size: write a positive whole number of bytes or one with a unit, e.g. 512MiB or 2G";
        if (value > long.MaxValue >> shift)
            return $"'{text}' is too large";
        bytes = value << shift;
        return null;
    }

    /// <summary>A size for people: the largest binary unit it is a whole number of.</summary>
    public static string Format(long bytes)
    {
        foreach (var (suffix, shift) in Units.Take(4).Reverse())
        {
            if (bytes % (1L << shift) == 0)
                return $"{bytes >> shift}{suffix}";
        }
        return $"{bytes} bytes";
    }
}
