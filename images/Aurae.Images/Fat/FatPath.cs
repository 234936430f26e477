namespace Aurae.Images.Fat;

/// <summary>
/// Paths given to <see cref="FatFileSystemBuilder"/>: '/'-separated long names, relative to the root.
/// Each component must be a valid VFAT long name (the characters Windows and Linux vfat refuse are refused here).
/// </summary>
internal static class FatPath
{
    public const char Separator = '/';

    /// <summary>Characters no FAT long name may contain, besides control characters (fatgen103; Linux vfat_bad_char).</summary>
    private const string ForbiddenCharacters = "\"*/:<>?\\|";

    /// <summary>Splits and validates <paramref name="path"/>; throws <see cref="ArgumentException"/> naming the offence.</summary>
    public static string[] Split(string path, string paramName)
    {
        ArgumentNullException.ThrowIfNull(path, paramName);
        if (path.Length == 0)
        {
            throw new ArgumentException("The path is empty.", paramName);
        }

        string[] components = path.Split(Separator);
        foreach (string component in components)
        {
            ValidateComponent(path, component, paramName);
        }

        return components;
    }

    private static void ValidateComponent(string path, string component, string paramName)
    {
        if (component.Length == 0)
        {
            throw new ArgumentException($"Path '{path}' has an empty component (leading, trailing or doubled '/').", paramName);
        }

        if (component is "." or "..")
        {
            throw new ArgumentException($"Path '{path}' contains '{component}'; give paths without relative components.", paramName);
        }

        if (component.Length > FatLongNameEntries.MaxNameLength)
        {
            throw new ArgumentException(
                $"Name '{component}' in path '{path}' has {component.Length} UTF-16 code units; FAT allows at most {FatLongNameEntries.MaxNameLength}.",
                paramName);
        }

        if (component.EndsWith('.') || component.EndsWith(' '))
        {
            throw new ArgumentException($"Name '{component}' in path '{path}' ends with a period or space, which FAT drivers strip.", paramName);
        }

        foreach (char c in component)
        {
            if (c < ' ' || ForbiddenCharacters.Contains(c, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Name '{component}' in path '{path}' contains the character U+{(int)c:X4}, which FAT names cannot hold.", paramName);
            }
        }
    }
}
