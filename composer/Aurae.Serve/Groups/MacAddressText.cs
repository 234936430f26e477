namespace Aurae.Serve.Groups;

/// <summary>MAC addresses as text: iPXE's <c>${mac}</c> (colons) and <c>${mac:hexhyp}</c> (hyphens) forms.</summary>
public static class MacAddressText
{
    /// <summary>The address lower-case and colon-separated, or null when it is not six hex octets.</summary>
    public static string? Normalize(string text)
    {
        var parts = text.Trim().Split(text.Contains('-') ? '-' : ':');
        if (parts.Length != 6 || parts.Any(p => p.Length != 2 || !p.All(char.IsAsciiHexDigit)))
            return null;
        return string.Join(':', parts).ToLowerInvariant();
    }
}
