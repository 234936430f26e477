namespace Aurae.Contract.Names;

/// <summary>
/// The rule for image names ("busybox", "web:1.2"). A name is also a file name in the image
/// store, so it is kept to letters, digits, '_', '.', '-' and ':' (no '/', no NUL); "." and
/// ".." are refused.
/// </summary>
public static class ImageName
{
    public const int MaxLength = StoreFileName.MaxLength;

    private static readonly StoreFileName Rule = new("image",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-:", "A-Z, a-z, 0-9, '_', '.', '-' and ':'");

    /// <summary>Returns null when <paramref name="name"/> is a valid image name, otherwise why it is not.</summary>
    public static string? Validate(string name) => Rule.Validate(name);
}
