using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Aurae.Contract.Client;

/// <summary>
/// The one endpoint spelling clients accept: <c>IP:PORT</c>, or <c>[IPv6]:PORT</c>. No host
/// names, because nodes are dialled by address and a name would need a resolver nobody runs.
/// </summary>
public static class EndpointSyntax
{
    /// <summary>Null and the endpoint when <paramref name="text"/> is valid; otherwise why not.</summary>
    public static string? TryParse(string text, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.None, 0);
        var colon = text.LastIndexOf(':');
        if (colon < 0)
            return $"'{text}' has no port; write IP:PORT, e.g. 10.0.2.15:8080";
        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        else if (host.Contains(':'))
            return $"'{text}': write an IPv6 address in brackets, e.g. [fd00::1]:8080";
        if (!IPAddress.TryParse(host, out var address) || host.Length == 0
            || (address.AddressFamily == AddressFamily.InterNetwork && host.Count(c => c == '.') != 3))
            return $"'{host}' is not an IP address (nodes are dialled by address, not by name)";
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            return $"'{portText}' is not a port (1-65535)";
        endpoint = new IPEndPoint(address, port);
        return null;
    }

    public static IPEndPoint Parse(string text) =>
        TryParse(text, out var endpoint) is { } error ? throw new FormatException(error) : endpoint;

    public static string Format(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]:{endpoint.Port}" : $"{endpoint.Address}:{endpoint.Port}";
}
