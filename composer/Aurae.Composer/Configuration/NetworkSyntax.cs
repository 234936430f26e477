using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Aurae.Composer.Pki;

namespace Aurae.Composer.Configuration;

/// <summary>
/// Parsing of the network values in node.yaml. Each method returns null on success or the
/// problem in words; the loader adds file, position and field.
/// </summary>
internal static class NetworkSyntax
{
    private const string ListenExample = "0.0.0.0:8080 or [::]:8080";

    /// <summary>IP:PORT, with IPv6 in brackets. Host names are refused: the node has no resolver.</summary>
    public static string? ParseListen(string text, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.Any, 0);
        string host, port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
                return $"'{text}' is not IP:PORT; write an IPv6 listen address as [ADDRESS]:PORT, e.g. [::]:8080";
            (host, port) = (text[1..close], text[(close + 2)..]);
            if (!host.Contains(':'))
                return $"'{text}': only IPv6 addresses go in brackets";
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
                return text.All(char.IsAsciiDigit) && text.Length > 0
                    ? $"'{text}' is only a port; write IP:PORT, e.g. {ListenExample}"
                    : $"'{text}' has no port; write IP:PORT, e.g. {ListenExample}";
            (host, port) = (text[..colon], text[(colon + 1)..]);
            if (host.Contains(':'))
                return $"'{text}': an IPv6 address needs brackets, e.g. [::]:8080";
        }

        if (IPAddressSyntax.TryParse(host, out var address) is { } addressError)
            return host.Any(char.IsAsciiLetter) && !host.Contains(':')
                ? $"'{host}' is not an IP address; host names are not allowed because the node has no DNS resolver (use e.g. {ListenExample})"
                : addressError;
        if (!port.All(char.IsAsciiDigit) || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number is < 1 or > IPEndPoint.MaxPort)
            return $"'{port}' is not a port number (1-65535)";

        endpoint = new IPEndPoint(address, number);
        return null;
    }

    /// <summary>A host address in CIDR form such as 10.0.2.15/24 or fd00::15/64.</summary>
    public static string? ParseInterfaceAddress(string text, out InterfaceAddress? result)
    {
        result = null;
        var slash = text.IndexOf('/');
        if (slash < 0)
            return $"'{text}' has no prefix length; write it in CIDR form, e.g. {text}/24";
        if (IPAddressSyntax.TryParse(text[..slash], out var address) is { } addressError)
            return addressError;
        var maxPrefix = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var prefix = text[(slash + 1)..];
        if (!prefix.All(char.IsAsciiDigit) || !int.TryParse(prefix, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || length < 1 || length > maxPrefix)
            return $"'{prefix}' is not a prefix length (1-{maxPrefix})";
        result = new InterfaceAddress(address, length);
        return null;
    }

    /// <summary>A Linux interface name: at most 15 bytes, no '/', ':' or whitespace.</summary>
    public static string? ValidateInterfaceName(string name)
    {
        if (name.Length is 0 or > 15)
            return $"'{name}' is not an interface name (1 to 15 characters)";
        if (name is "." or ".." || name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || !char.IsAscii(c)))
            return $"'{name}' is not an interface name (no '/', ':', whitespace or non-ASCII)";
        return null;
    }
}
