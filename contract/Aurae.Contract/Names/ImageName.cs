namespace Aurae.Contract.Names;

/// <summary>
/// The rule for image names ("busybox", "web:1.2"). A name is also a file name in the image
/// store, so it is kept to letters, digits, '_', '.', '-' and ':' (no '/', no NUL); "." and
/// ".." are refused.
/// </summary>
public static class ImageName
{
    public const int MaxLength = 128;

    private static readonly System.Buffers.SearchValues<char> Allowed =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-:");

    /// <summary>Returns null when <paramref name="name"/> is a valid image name, otherwise why it is not.</summary>
    public static string? Validate(string name)
    {
        if (name.Length == 0)
            return "the image name is empty";
        if (name.Length > MaxLength)
            return $"image name '{name[..16]}...' is {name.Length} characters long; at most {MaxLength} are allowed";
        if (name is "." or "..")
            return $"'{name}' is not a valid image name";
        var bad = name.AsSpan().IndexOfAnyExcept(Allowed);
        return bad >= 0
            ? $"image name '{name}' contains {(char.IsControl(name[bad]) || char.IsWhiteSpace(name[bad]) ? $"U+{(int)name[bad]:X4}" : $"'{name[bad]}'")}; " +
              "only A-Z, a-z, 0-9, '_', '.', '-' and ':' are allowed"
            : null;
    }
}
