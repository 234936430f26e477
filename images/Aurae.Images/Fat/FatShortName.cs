using System.Text;

namespace Aurae.Images.Fat;

/// <summary>
/// An 8.3 short name as stored in DIR_Name: 8 bytes of base and 3 of extension, upper case, space padded
/// (fatgen103 "FAT 32 Byte Directory Entry Structure" and "Basis-Name Generation Algorithm").
/// Only ASCII characters are used, so the name reads the same in every OEM code page.
/// </summary>
internal readonly record struct FatShortName
{
    public const int BaseLength = 8;
    public const int ExtensionLength = 3;
    public const int Length = BaseLength + ExtensionLength;

    /// <summary>Characters other than A-Z and 0-9 allowed in a short name (fatgen103).</summary>
    private const string PunctuationAllowed = "$%'-_@~`!(){}^#&";

    /// <summary>What a character with no short-name form becomes (and sets the "lossy" flag).</summary>
    private const char Replacement = '_';

    /// <summary>Numeric tails ~1 .. ~999999 (fatgen103 "Numeric-Tail Generation Algorithm").</summary>
    private const int MaxNumericTail = 999_999;

    private readonly string _value;

    private FatShortName(string value) => _value = value;

    /// <summary>The "." entry of a subdirectory.</summary>
    public static FatShortName Dot { get; } = new(".".PadRight(Length));

    /// <summary>The ".." entry of a subdirectory.</summary>
    public static FatShortName DotDot { get; } = new("..".PadRight(Length));

    /// <summary>The 11 stored characters, e.g. "BOOTX64 EFI".</summary>
    public override string ToString() => _value;

    /// <summary>Writes the 11 bytes into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination) => Encoding.ASCII.GetBytes(_value, destination[..Length]);

    /// <summary>The checksum a long-name entry carries of its short entry (fatgen103 "ChkSum()").</summary>
    public byte Checksum()
    {
        byte sum = 0;
        foreach (char c in _value)
        {
            // Rotate right by one, then add.
            sum = (byte)((((sum & 1) << 7) | (sum >> 1)) + (byte)c);
        }

        return sum;
    }

    /// <summary>A volume label as stored in a root volume-ID entry and BS_VolLab (11 characters, space padded).</summary>
    public static FatShortName FromVolumeLabel(string label) => new(label.PadRight(Length));

    /// <summary>True if <paramref name="character"/> may appear in a short name (and so in a volume label).</summary>
    public static bool IsShortNameCharacter(char character) =>
        character is (>= 'A' and <= 'Z') or (>= '0' and <= '9') || PunctuationAllowed.Contains(character, StringComparison.Ordinal);

    /// <summary>
    /// The short name that represents <paramref name="longName"/> exactly, if it is already an upper-case 8.3
    /// name (then no long-name entries are needed); otherwise null.
    /// </summary>
    public static FatShortName? Exact(string longName)
    {
        int dot = longName.IndexOf('.', StringComparison.Ordinal);
        string baseName = dot < 0 ? longName : longName[..dot];
        string extension = dot < 0 ? "" : longName[(dot + 1)..];
        bool valid = baseName.Length is > 0 and <= BaseLength
            && extension.Length <= ExtensionLength
            && (dot < 0 || extension.Length > 0)
            && baseName.All(IsShortNameCharacter)
            && extension.All(IsShortNameCharacter);
        return valid ? Compose(baseName, extension) : null;
    }

    /// <summary>
    /// Assigns a short name to each of the (distinct) names of one directory, in order: exact 8.3 names keep
    /// themselves; the others get a basis name, with a numeric tail ("LONGNA~1.EFI") when the basis lost
    /// information or collides.
    /// </summary>
    public static FatShortName[] AssignUnique(IReadOnlyList<string> longNames)
    {
        var result = new FatShortName[longNames.Count];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        // Exact names first: they cannot change, so generated names must avoid them.
        for (int i = 0; i < longNames.Count; i++)
        {
            if (Exact(longNames[i]) is { } exact)
            {
                result[i] = exact;
                taken.Add(exact._value);
            }
        }

        for (int i = 0; i < longNames.Count; i++)
        {
            if (result[i]._value is not null)
            {
                continue;
            }

            (string baseName, string extension, bool lossy) = Basis(longNames[i]);
            FatShortName candidate = Compose(baseName, extension);
            if (lossy || taken.Contains(candidate._value))
            {
                candidate = WithNumericTail(baseName, extension, taken, longNames[i]);
            }

            result[i] = candidate;
            taken.Add(candidate._value);
        }

        return result;
    }

    /// <summary>
    /// fatgen103 basis-name generation: upper-case; characters with no short form become '_'; spaces and
    /// leading periods are dropped; base up to the last period (at most 8), extension after it (at most 3).
    /// <c>Lossy</c> is set when the 8.3 form does not spell the upper-cased long name.
    /// </summary>
    private static (string Base, string Extension, bool Lossy) Basis(string longName)
    {
        string trimmed = longName.TrimStart('.');
        int lastDot = trimmed.LastIndexOf('.');
        string longBase = lastDot < 0 ? trimmed : trimmed[..lastDot];
        string longExtension = lastDot < 0 ? "" : trimmed[(lastDot + 1)..];
        string baseName = Clean(longBase, BaseLength);
        string extension = Clean(longExtension, ExtensionLength);
        if (baseName.Length == 0)
        {
            baseName = Replacement.ToString();
        }

        string spelled = extension.Length > 0 ? $"{baseName}.{extension}" : baseName;
        bool lossy = !string.Equals(spelled, ToUpperAscii(longName), StringComparison.Ordinal);
        return (baseName, extension, lossy);
    }

    private static string Clean(string part, int maxLength)
    {
        var builder = new StringBuilder(maxLength);
        foreach (char c in part)
        {
            if (builder.Length == maxLength)
            {
                break;
            }

            if (c is ' ' or '.')
            {
                continue;
            }

            char upper = ToUpperAscii(c);
            builder.Append(IsShortNameCharacter(upper) ? upper : Replacement);
        }

        return builder.ToString();
    }

    private static FatShortName WithNumericTail(string baseName, string extension, HashSet<string> taken, string longName)
    {
        for (int n = 1; n <= MaxNumericTail; n++)
        {
            string tail = $"~{n}";
            string prefix = baseName.Length + tail.Length > BaseLength ? baseName[..(BaseLength - tail.Length)] : baseName;
            FatShortName candidate = Compose(prefix + tail, extension);
            if (!taken.Contains(candidate._value))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No free short name for '{longName}': numeric tails up to ~{MaxNumericTail} are taken.");
    }

    private static FatShortName Compose(string baseName, string extension) =>
        new(baseName.PadRight(BaseLength) + extension.PadRight(ExtensionLength));

    // Only ASCII letters change case: culture-aware or Unicode mappings could turn other characters into ASCII.
    private static char ToUpperAscii(char c) => c is >= 'a' and <= 'z' ? (char)(c - ('a' - 'A')) : c;

    private static string ToUpperAscii(string value) => string.Create(value.Length, value, static (span, source) =>
    {
        for (int i = 0; i < source.Length; i++)
        {
            span[i] = ToUpperAscii(source[i]);
        }
    });
}
