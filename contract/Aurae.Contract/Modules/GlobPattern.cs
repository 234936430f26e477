namespace Aurae.Contract.Modules;

/// <summary>
/// fnmatch(3) with no flags, as kmod matches a device's modalias against module alias patterns:
/// <c>*</c> any run (also '/'), <c>?</c> one character, <c>[...]</c> a set with ranges and
/// <c>!</c>/<c>^</c> negation, <c>\</c> escapes. Character classes (<c>[:alpha:]</c>) are not
/// supported: no kernel alias uses them. Allocation-free, so it can run per device and alias.
/// Part of the image contract: the composer selects modules by alias and the daemon coldplugs
/// devices with this one matcher.
/// </summary>
public static class GlobPattern
{
    /// <summary>Whether <paramref name="text"/> matches <paramref name="pattern"/> as a whole.</summary>
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0;
        // Where to resume after the last '*': one star's backtracking suffices because every
        // other element consumes exactly one character.
        int starPattern = -1, starText = -1;
        while (t < text.Length)
        {
            if (p < pattern.Length && MatchOne(pattern, ref p, text[t], out var isStar))
            {
                if (isStar)
                {
                    starPattern = p;
                    starText = t;
                    continue;
                }
                t++;
                continue;
            }
            if (starPattern < 0)
                return false;
            p = starPattern;
            t = ++starText;
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    /// <summary>Matches the element at <paramref name="p"/> against one character and advances past it.</summary>
    private static bool MatchOne(ReadOnlySpan<char> pattern, ref int p, char c, out bool isStar)
    {
        isStar = false;
        switch (pattern[p])
        {
            case '*':
                isStar = true;
                p++;
                return true;
            case '?':
                p++;
                return true;
            case '[':
                if (TryMatchSet(pattern, p, c, out var end, out var inSet))
                {
                    if (!inSet)
                        return false;
                    p = end;
                    return true;
                }
                // No closing ']': the '[' is an ordinary character.
                break;
            case '\\' when p + 1 < pattern.Length:
                if (pattern[p + 1] != c)
                    return false;
                p += 2;
                return true;
        }
        if (pattern[p] != c)
            return false;
        p++;
        return true;
    }

    /// <summary>
    /// Reads the set starting at <paramref name="open"/> ('['); false when it has no closing ']'.
    /// <paramref name="end"/> is the index after the ']'.
    /// </summary>
    private static bool TryMatchSet(ReadOnlySpan<char> pattern, int open, char c, out int end, out bool inSet)
    {
        var i = open + 1;
        var negate = i < pattern.Length && pattern[i] is '!' or '^';
        if (negate)
            i++;
        var matched = false;
        var first = true;
        while (i < pattern.Length)
        {
            var low = pattern[i];
            // A ']' right after '[' or '[!' is a member, not the end.
            if (low == ']' && !first)
            {
                end = i + 1;
                inSet = matched != negate;
                return true;
            }
            first = false;
            if (low == '\\' && i + 1 < pattern.Length)
                low = pattern[++i];
            var high = low;
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                i += 2;
                high = pattern[i];
                if (high == '\\' && i + 1 < pattern.Length)
                    high = pattern[++i];
            }
            if (c >= low && c <= high)
                matched = true;
            i++;
        }
        end = open;
        inSet = false;
        return false;
    }
}
