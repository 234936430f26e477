using System.Text;
using System.Text.RegularExpressions;
using Aurae.Contract.Modules;

namespace Aurae.Composer.Kernel;

/// <summary>
/// A shell wildcard pattern. Two dialects: module aliases follow fnmatch(3) without flags, as
/// kmod matches them ('*' also spans '/'), with the same matcher the daemon coldplugs with;
/// module path globs are compiled once and matched per path component, '**' spanning directories.
/// </summary>
public sealed class ModuleGlob
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private readonly Func<string, bool> _match;

    private ModuleGlob(string pattern, Func<string, bool> match)
    {
        Pattern = pattern;
        _match = match;
    }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>Whether <paramref name="pattern"/> has any wildcard ('*', '?' or '[').</summary>
    public static bool HasWildcards(string pattern) => pattern.IndexOfAny(['*', '?', '[']) >= 0;

    /// <summary>An fnmatch(3) pattern (flags 0): '*', '?', '[...]' (with '!' or '^' negation), '\' escapes.</summary>
    public static ModuleGlob FnMatch(string pattern) => new(pattern, text => GlobPattern.IsMatch(pattern, text));

    /// <summary>
    /// A path glob: '*' and '?' stay within one path component, '**' spans any number of
    /// directories ("a/**/b" also matches "a/b", "a/**" everything below a).
    /// </summary>
    public static ModuleGlob Path(string pattern) => new(pattern, Compile(pattern).IsMatch);

    public bool IsMatch(string text) => _match(text);

    public override string ToString() => Pattern;

    private static Regex Compile(string pattern)
    {
        var regex = new StringBuilder("^");
        const string single = "[^/]";
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                    regex.Append(slash ? "(?:.*/)?" : ".*");
                    i += slash ? 2 : 1;
                    break;
                case '*':
                    regex.Append(single).Append('*');
                    break;
                case '?':
                    regex.Append(single);
                    break;
                case '\\' when i + 1 < pattern.Length:
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '[' when BracketEnd(pattern, i) is var end and > 0:
                    regex.Append(BracketExpression(pattern[(i + 1)..end]));
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        regex.Append('$');
        return new Regex(regex.ToString(),
            RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking, MatchTimeout);
    }

    /// <summary>The index of the ']' closing the bracket expression at <paramref name="start"/>, or -1 (then '[' is literal).</summary>
    private static int BracketEnd(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] is '!' or '^')
            i++;
        if (i < pattern.Length && pattern[i] == ']')
            i++; // a ']' first in the set is a member
        var end = pattern.IndexOf(']', i);
        return end;
    }

    private static string BracketExpression(string body)
    {
        var set = new StringBuilder("[");
        var first = 0;
        var negated = body.Length > 0 && body[0] is '!' or '^';
        if (negated)
        {
            set.Append('^');
            first = 1;
        }
        for (var i = first; i < body.Length; i++)
        {
            var c = body[i];
            var isRange = c == '-' && i > first && i < body.Length - 1;
            set.Append(isRange ? "-" : c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString());
        }
        // A path glob's bracket expression never matches the separator, as in glob(7).
        if (negated)
            set.Append('/');
        return set.Append(']').ToString();
    }
}
