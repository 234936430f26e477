using System.Globalization;
using System.Net;

namespace Aurae.Contract.Syntax;

/// <summary>
/// The one spelling of an endpoint everywhere (node.yaml's api.listen, serve.yaml's listen,
/// <c>aurae.enroll=</c> on a node's command line, the client configuration and <c>-n</c>):
/// <c>IP:PORT</c>, IPv6 as <c>[IP]:PORT</c>, the address a strict literal (<see cref="IPAddressSyntax"/>),
/// never a host name: nodes have no resolver and are dialled by address.
/// </summary>
public static class IPEndPointSyntax
{
    /// <summary>Null with <paramref name="endpoint"/> set, or what is wrong.</summary>
    public static IPEndPointError? TryParse(string text, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.Any, 0);
        string host, port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
                return new IPEndPointError(IPEndPointProblem.UnclosedBracket, text, "");
            (host, port) = (text[1..close], text[(close + 2)..]);
            if (!host.Contains(':'))
                return new IPEndPointError(IPEndPointProblem.BracketedIPv4, host, port);
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                var onlyPort = text.Length > 0 && text.All(char.IsAsciiDigit);
                return new IPEndPointError(onlyPort ? IPEndPointProblem.OnlyPort : IPEndPointProblem.NoPort, text, "");
            }
            (host, port) = (text[..colon], text[(colon + 1)..]);
            if (host.Contains(':'))
                return new IPEndPointError(IPEndPointProblem.UnbracketedIPv6, host, port);
        }
        if (IPAddressSyntax.TryParse(host, out var address) is { } addressError)
            return new IPEndPointError(IPEndPointProblem.NotAnAddress, host, port, addressError);
        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit)
            || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > IPEndPoint.MaxPort)
            return new IPEndPointError(IPEndPointProblem.NotAPort, host, port);
        endpoint = new IPEndPoint(address, number);
        return null;
    }

    /// <summary>The spelling <see cref="TryParse"/> reads: "10.0.2.15:8080", "[fd00::1]:8080".</summary>
    public static string Format(IPEndPoint endpoint) =>
        endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{endpoint.Address}]:{endpoint.Port}"
            : $"{endpoint.Address}:{endpoint.Port}";
}
