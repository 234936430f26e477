namespace Aurae.Contract.Names;

/// <summary>
/// The rule for artifact names. A name is also a file name in the store's names/ directory, so
/// it is kept to letters, digits, '_', '.' and '-' (no '/', no NUL), and "." and ".." are refused.
/// </summary>
public static class ArtifactName
{
    public const int MaxLength = StoreFileName.MaxLength;

    private static readonly StoreFileName Rule = new("artifact",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-", "A-Z, a-z, 0-9, '_', '.' and '-'");

    /// <summary>Returns null when <paramref name="name"/> is a valid artifact name, otherwise why it is not.</summary>
    public static string? Validate(string name) => Rule.Validate(name);
}
