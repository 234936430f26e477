using System.Globalization;

namespace Aurae.Cli.Syntax;

/// <summary>
/// Byte sizes as cgroup limits are usually written: a count of bytes, or a number with a
/// binary suffix K, M, G or T (also Ki/KiB/KB...; all powers of 1024, as in memory.max).
/// </summary>
internal static class SizeSyntax
{
    /// <exception cref="FormatException">Not a size, or more than a signed 64-bit number of bytes.</exception>
    public static long Parse(string text)
    {
        var trimmed = text.Trim();
        var digits = 0;
        while (digits < trimmed.Length && char.IsAsciiDigit(trimmed[digits]))
            digits++;
        if (digits == 0)
            throw new FormatException($"'{text}' is not a size; write bytes or a number with K, M, G or T, e.g. 32M or 1G");
        var shift = Shift(trimmed[digits..].ToUpperInvariant())
            ?? throw new FormatException($"'{text}': unknown unit '{trimmed[digits..]}'; use K, M, G or T (powers of 1024)");
        if (!long.TryParse(trimmed[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number > long.MaxValue >> shift)
            throw new FormatException($"'{text}' is too large");
        return number << shift;
    }

    /// <summary>"1.5 GiB"-style text for showing sizes back.</summary>
    public static string Format(ulong bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }

    private static int? Shift(string unit) => unit switch
    {
        "" or "B" => 0,
        "K" or "KB" or "KI" or "KIB" => 10,
        "M" or "MB" or "MI" or "MIB" => 20,
        "G" or "GB" or "GI" or "GIB" => 30,
        "T" or "TB" or "TI" or "TIB" => 40,
        _ => null,
    };
}
