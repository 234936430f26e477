namespace Aurae.Contract.Names;

/// <summary>
/// The rule for artifact names. A name is also a file name in the store's names/ directory, so
/// it is kept to letters, digits, '_', '.' and '-' (no '/', no NUL), and "." and ".." are refused.
/// </summary>
public static class ArtifactName
{
    public const int MaxLength = 128;

    private static readonly System.Buffers.SearchValues<char> Allowed =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    /// <summary>Returns null when <paramref name="name"/> is a valid artifact name, otherwise why it is not.</summary>
    public static string? Validate(string name)
    {
        if (name.Length == 0)
            return "the artifact name is empty";
        if (name.Length > MaxLength)
            return $"artifact name '{name[..16]}...' is {name.Length} characters long; at most {MaxLength} are allowed";
        if (name is "." or "..")
            return $"'{name}' is not a valid artifact name";
        // An index, not FirstOrDefault: NUL is default(char) and must not pass for "none found".
        var bad = name.AsSpan().IndexOfAnyExcept(Allowed);
        if (bad >= 0)
            return $"artifact name '{name}' contains {Describe(name[bad])}; only A-Z, a-z, 0-9, '_', '.' and '-' are allowed";
        return null;
    }

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
