namespace Aurae.Contract.Names;

/// <summary>
/// An executable's name within its cell: 1-64 of [A-Za-z0-9_.-], not "." or "..", the same rule
/// as file names elsewhere in the API, so a name can always be used as a path part or label.
/// </summary>
public static class ExecutableName
{
    public const int MaxLength = 64;

    public static bool IsValid(string name) =>
        name.Length is >= 1 and <= MaxLength && name is not "." and not ".." && name.All(IsAllowed);

    /// <summary>Null when <paramref name="name"/> is valid, otherwise why it is not.</summary>
    public static string? Validate(string name) => IsValid(name)
        ? null
        : $"executable name '{name}' is not valid: 1-{MaxLength} of [A-Za-z0-9_.-], not '.' or '..'";

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
}
