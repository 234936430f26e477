using System.Text;

namespace Aurae.Images.Iso;

/// <summary>
/// ISO 9660 file and directory identifiers (ECMA-119 §7.5, §7.6) derived from the original names, which Rock Ridge
/// keeps separately: d-characters only (A-Z, 0-9, '_'; lowercase is upper-cased, anything else becomes '_'),
/// interchange level 2 lengths, files as "NAME.EXT;1". Readers without Rock Ridge (ISOLINUX matches names
/// case-insensitively) still find a file under its upper-cased name as long as it was made of d-characters.
/// </summary>
internal static class IsoIdentifier
{
    /// <summary>§7.5.1 level 2: a file name and extension together hold at most 30 characters.</summary>
    public const int MaxFileNameAndExtension = 30;

    /// <summary>§7.6.3 level 2: a directory identifier holds at most 31 characters.</summary>
    public const int MaxDirectoryIdentifier = 31;

    /// <summary>§7.5.1 SEPARATOR 1, between file name and extension.</summary>
    public const char ExtensionSeparator = '.';

    /// <summary>§7.5.1 SEPARATOR 2 and the file version number, always 1 here.</summary>
    public const string VersionSuffix = ";1";

    /// <summary>Extension kept when a name must be shortened; long "extensions" are usually not file types.</summary>
    private const int ShortenedExtensionLength = 8;

    /// <summary>
    /// Identifiers for the entries of one directory, in the order given. Names that map to the same identifier
    /// are told apart with a "_N" suffix; the first in ordinal order of the original names keeps the plain form.
    /// </summary>
    public static byte[][] AssignUnique(IReadOnlyList<(string Name, bool IsDirectory)> entries)
    {
        var result = new byte[entries.Count][];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        int[] order = Enumerable.Range(0, entries.Count).OrderBy(i => entries[i].Name, StringComparer.Ordinal).ToArray();
        foreach (int i in order)
        {
            (string name, bool isDirectory) = entries[i];
            (string stem, string? extension) = Map(name, isDirectory);
            (string candidateStem, string? candidateExtension) = (stem, extension);
            for (int counter = 1; !taken.Add(UniquenessKey(candidateStem, candidateExtension)); counter++)
            {
                (candidateStem, candidateExtension) = WithSuffix(stem, extension, $"_{counter}");
            }

            result[i] = Encoding.ASCII.GetBytes(candidateExtension is null
                ? candidateStem
                : candidateStem + ExtensionSeparator + candidateExtension + VersionSuffix);
        }

        return result;
    }

    /// <summary>Maps one name: (name, extension) for a file, (identifier, null) for a directory.</summary>
    internal static (string Stem, string? Extension) Map(string name, bool isDirectory)
    {
        if (isDirectory)
        {
            string identifier = ToDCharacters(name);
            return (identifier.Length > MaxDirectoryIdentifier ? identifier[..MaxDirectoryIdentifier] : identifier, null);
        }

        int dot = name.LastIndexOf(ExtensionSeparator);
        string stem = ToDCharacters(dot < 0 ? name : name[..dot]);
        string extension = dot < 0 ? string.Empty : ToDCharacters(name[(dot + 1)..]);
        if (stem.Length + extension.Length > MaxFileNameAndExtension)
        {
            extension = extension.Length > ShortenedExtensionLength ? extension[..ShortenedExtensionLength] : extension;
            stem = stem[..Math.Min(stem.Length, MaxFileNameAndExtension - extension.Length)];
        }

        return (stem, extension);
    }

    private static (string Stem, string? Extension) WithSuffix(string stem, string? extension, string suffix)
    {
        if (extension is null)
        {
            return (stem[..Math.Min(stem.Length, MaxDirectoryIdentifier - suffix.Length)] + suffix, null);
        }

        string shortExtension = extension.Length > ShortenedExtensionLength ? extension[..ShortenedExtensionLength] : extension;
        int room = MaxFileNameAndExtension - shortExtension.Length - suffix.Length;
        return (stem[..Math.Min(stem.Length, room)] + suffix, shortExtension);
    }

    // A file "FOO.;1" and a directory "FOO" look alike to readers that drop the empty extension.
    private static string UniquenessKey(string stem, string? extension) =>
        string.IsNullOrEmpty(extension) ? stem : stem + ExtensionSeparator + extension;

    /// <summary>§7.4.1 d-characters: A-Z, 0-9 and '_'.</summary>
    private static string ToDCharacters(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            builder.Append(c switch
            {
                >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' => c,
                >= 'a' and <= 'z' => (char)(c - 'a' + 'A'),
                _ => '_',
            });
        }

        return builder.ToString();
    }
}
