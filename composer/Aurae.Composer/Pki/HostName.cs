namespace Aurae.Composer.Pki;

/// <summary>
/// The RFC 1123 hostname rule shared by node names in the PKI and in node.yaml. A node name is
/// also a certificate SAN and a file name under nodes/, so the rule is deliberately strict:
/// lowercase only, which also rules out path separators and "..".
/// </summary>
internal static class HostName
{
    private const int MaxLength = 253;
    private const int MaxLabelLength = 63;

    private static readonly System.Buffers.SearchValues<char> Allowed =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>Returns null when <paramref name="name"/> is valid, otherwise why it is not.</summary>
    public static string? Validate(string name)
    {
        if (name.Length == 0)
            return "the name is empty";
        if (name.Length > MaxLength)
            return $"'{name}' is {name.Length} characters long; a hostname has at most {MaxLength}";
        if (name.Any(char.IsAsciiLetterUpper))
        {
            var lower = name.ToLowerInvariant();
            return $"'{name}' must be lowercase" + (Validate(lower) is null ? $" (did you mean '{lower}'?)" : "");
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length == 0)
                return $"'{name}' has an empty label (leading, trailing or doubled '.')";
            if (label.Length > MaxLabelLength)
                return $"'{name}' has the label '{label}' of {label.Length} characters; a label has at most {MaxLabelLength}";
            // An index, not FirstOrDefault: NUL is default(char) and must not pass for "none found".
            var bad = label.AsSpan().IndexOfAnyExcept(Allowed);
            if (bad >= 0)
                return $"'{name}' contains '{label[bad]}'; a hostname allows only a-z, 0-9, '-' and '.'";
            if (label[0] == '-' || label[^1] == '-')
                return $"'{name}' has the label '{label}' which starts or ends with '-'";
        }
        return null;
    }
}
