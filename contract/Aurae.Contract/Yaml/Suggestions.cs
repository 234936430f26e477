namespace Aurae.Contract.Yaml;

/// <summary>"Did you mean" for misspelt keys and values.</summary>
public static class Suggestions
{
    /// <summary>The known word closest to <paramref name="word"/>, if it is close enough to be a typo.</summary>
    public static string? Closest(string word, IEnumerable<string> known)
    {
        var normalized = Normalize(word);
        return known
            .Select(candidate => (Candidate: candidate, Distance: Distance(normalized, Normalize(candidate))))
            .Where(c => c.Distance <= Math.Clamp(c.Candidate.Length / 3, 1, 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Candidate)
            .FirstOrDefault();
    }

    /// <summary>" (did you mean 'x'?)" or an empty string.</summary>
    public static string DidYouMean(string word, IEnumerable<string> known) =>
        Closest(word, known) is { } suggestion ? $" (did you mean '{suggestion}'?)" : "";

    // camelCase, kebab-case and snake_case spellings of a key are the same typo.
    private static string Normalize(string word) => word.ToLowerInvariant().Replace('-', '_');

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
