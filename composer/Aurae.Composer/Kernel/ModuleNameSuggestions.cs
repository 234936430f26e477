namespace Aurae.Composer.Kernel;

/// <summary>Close matches for a misspelled module name, for "did you mean" hints.</summary>
internal static class ModuleNameSuggestions
{
    private const int MaxSuggestions = 5;

    // An edit distance up to a quarter of the name (but at least 2) still reads as a typo.
    private const int MinTypoDistance = 2;
    private const int TypoDistanceDivisor = 4;

    /// <summary>
    /// Up to five candidates close to <paramref name="wanted"/>: within a small edit distance, or
    /// containing it, nearest first.
    /// </summary>
    public static IReadOnlyList<string> For(string wanted, IEnumerable<string> candidates)
    {
        var limit = Math.Max(MinTypoDistance, wanted.Length / TypoDistanceDivisor);
        return candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Distance: EditDistance(wanted, c)))
            .Where(c => c.Distance <= limit
                || (wanted.Length > MinTypoDistance && c.Name.Contains(wanted, StringComparison.Ordinal)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .Select(c => c.Name)
            .ToArray();
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
