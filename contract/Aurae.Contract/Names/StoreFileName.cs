using System.Buffers;

namespace Aurae.Contract.Names;

/// <summary>
/// A name that is also a file name in a node's store (artifacts' names/, images' records): at most
/// <see cref="MaxLength"/> characters from a fixed set (no '/', no NUL, no white space), and never
/// "." or "..". One rule, each store with its own character set and word for messages.
/// </summary>
public sealed class StoreFileName(string kind, string allowedCharacters, string allowedDescription)
{
    public const int MaxLength = 128;

    private readonly SearchValues<char> allowed = SearchValues.Create(allowedCharacters);

    /// <summary>Returns null when <paramref name="name"/> is valid, otherwise why it is not.</summary>
    public string? Validate(string name)
    {
        if (name.Length == 0)
            return $"the {kind} name is empty";
        if (name.Length > MaxLength)
            return $"{kind} name '{name[..16]}...' is {name.Length} characters long; at most {MaxLength} are allowed";
        if (name is "." or "..")
            return $"'{name}' is not a valid {kind} name";
        // An index, not FirstOrDefault: NUL is default(char) and must not pass for "none found".
        var bad = name.AsSpan().IndexOfAnyExcept(allowed);
        return bad >= 0 ? $"{kind} name '{name}' contains {Describe(name[bad])}; only {allowedDescription} are allowed" : null;
    }

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
