using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Aurae.Contract.Syntax;

/// <summary>
/// Sizes as node.yaml and the aurae command line write them: a number of bytes, or a number with
/// a binary unit K, M, G or T, also spelled KB, Ki, KiB… in any case; powers of 1024 every way,
/// as memory.max, qemu-img and LinuxKit read them.
/// </summary>
public static class ByteSizeSyntax
{
    private static readonly (string Suffix, int Shift)[] Units = [("KiB", 10), ("MiB", 20), ("GiB", 30), ("TiB", 40)];

    /// <summary>Parses <paramref name="text"/> (zero included: callers that need a positive size say so).</summary>
    public static bool TryParse(string text, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var digits = 0;
        while (digits < trimmed.Length && char.IsAsciiDigit(trimmed[digits]))
            digits++;
        if (digits == 0 || Shift(trimmed[digits..].TrimStart().ToUpperInvariant()) is not { } shift)
        {
            error = NotASize(text);
            return false;
        }
        if (!long.TryParse(trimmed[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > long.MaxValue >> shift)
        {
            error = $"'{text}' is too large";
            return false;
        }
        bytes = value << shift;
        error = null;
        return true;
    }

    /// <exception cref="FormatException">Not a size, or more than a signed 64-bit number of bytes.</exception>
    public static long Parse(string text) =>
        TryParse(text, out var bytes, out var error) ? bytes : throw new FormatException(error);

    /// <summary>What a malformed size is told (also for a zero where a positive size is needed).</summary>
    public static string NotASize(string text) =>
        $"'{text}' is not a size: write a positive whole number of bytes or one with a unit, e.g. 512MiB or 2G";

    /// <summary>A size exactly, for messages about sizes given: the largest binary unit it is a whole number of ("1536MiB").</summary>
    public static string Format(long bytes)
    {
        foreach (var (suffix, shift) in Units.Reverse())
        {
            if (bytes % (1L << shift) == 0)
                return $"{bytes >> shift}{suffix}";
        }
        return $"{bytes} bytes";
    }

    /// <summary>A size to read at a glance, for showing measured sizes back ("1.5 GiB").</summary>
    public static string FormatApproximately(ulong bytes)
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
