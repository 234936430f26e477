using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Aurae.Contract.Syntax;

namespace Aurae.Composer.Configuration;

/// <summary>
/// Parsing of the network values in node.yaml. Each method returns null on success or the
/// problem in words; the loader adds file, position and field.
/// </summary>
internal static class NetworkSyntax
{
    private const string ListenExample = "0.0.0.0:8080 or [::]:8080";

    /// <summary>IP:PORT, with IPv6 in brackets (<see cref="IPEndPointSyntax"/>). Host names are refused: the node has no resolver.</summary>
    public static string? ParseListen(string text, out IPEndPoint endpoint) =>
        IPEndPointSyntax.TryParse(text, out endpoint) switch
        {
            null => null,
            { Problem: IPEndPointProblem.UnclosedBracket } =>
                $"'{text}' is not IP:PORT; write an IPv6 listen address as [ADDRESS]:PORT, e.g. [::]:8080",
            { Problem: IPEndPointProblem.BracketedIPv4 } => $"'{text}': only IPv6 addresses go in brackets",
            { Problem: IPEndPointProblem.OnlyPort } => $"'{text}' is only a port; write IP:PORT, e.g. {ListenExample}",
            { Problem: IPEndPointProblem.NoPort } => $"'{text}' has no port; write IP:PORT, e.g. {ListenExample}",
            { Problem: IPEndPointProblem.UnbracketedIPv6 } => $"'{text}': an IPv6 address needs brackets, e.g. [::]:8080",
            { Problem: IPEndPointProblem.NotAnAddress } error => error.Host.Any(char.IsAsciiLetter) && !error.Host.Contains(':')
                ? $"'{error.Host}' is not an IP address; host names are not allowed because the node has no DNS resolver (use e.g. {ListenExample})"
                : error.AddressError,
            { Problem: IPEndPointProblem.NotAPort } error => $"'{error.Port}' is not a port number (1-65535)",
            var error => throw new ArgumentOutOfRangeException(nameof(text), error.Problem, null),
        };

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
