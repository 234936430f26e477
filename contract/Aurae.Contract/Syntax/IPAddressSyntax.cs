using System.Net;
using System.Net.Sockets;

namespace Aurae.Contract.Syntax;

/// <summary>
/// Strict IP address parsing. <see cref="IPAddress.TryParse(string, out IPAddress)"/> accepts
/// legacy forms such as "10.1" or "1" (meaning 10.0.0.1 and 0.0.0.1); in a config file or on a
/// command line those are almost always typos, so only dotted quads and plain IPv6 are accepted.
/// </summary>
public static class IPAddressSyntax
{
    /// <summary>Returns null and sets <paramref name="address"/> on success, otherwise why it failed.</summary>
    public static string? TryParse(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':'))
        {
            if (text.Contains('%'))
                return $"'{text}' has an IPv6 zone index; zoned addresses are not supported";
            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                return $"'{text}' is not an IPv6 address";
            address = v6;
            return null;
        }

        var parts = text.Split('.');
        if (parts.Length != 4 || !parts.All(IsOctet))
            return $"'{text}' is not an IP address (expected IPv4 like 10.0.0.5 or IPv6 like fd00::5)";
        address = IPAddress.Parse(text);
        return null;
    }

    // A leading zero is rejected because some tools read "010" as octal.
    private static bool IsOctet(string part) =>
        part.Length is >= 1 and <= 3
        && part.All(char.IsAsciiDigit)
        && (part.Length == 1 || part[0] != '0')
        && int.Parse(part) <= 255;
}
