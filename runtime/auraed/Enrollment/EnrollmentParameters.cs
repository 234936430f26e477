using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Aurae.Daemon.Init;
using Aurae.Contract.Enrollment;

namespace Aurae.Daemon.Enrollment;

/// <summary>
/// Where and with what a node enrolls, as serve's iPXE script writes it on the kernel command line:
/// <c>aurae.enroll=IP:PORT</c> (an IP literal, IPv6 as <c>[addr]:port</c>: the node has no resolver)
/// and <c>aurae.token=TOKEN</c>.
/// </summary>
public sealed record EnrollmentParameters(IPEndPoint Endpoint, string Token)
{
    public const string EnrollKey = EnrollmentProtocol.EndpointParameter;
    public const string TokenKey = EnrollmentProtocol.TokenParameter;
    public const string MissingState = "no aurae.enroll on the kernel command line";

    // Protocol: the token is URL-safe base64 and dots, at most 512 characters.
    private const int MaxTokenLength = 512;

    /// <summary>The endpoint as written in logs and states: <c>IP:PORT</c> or <c>[v6]:PORT</c>.</summary>
    public string Peer => Endpoint.ToString();

    /// <summary>
    /// The parameters, or null with <paramref name="problem"/> saying why the node cannot enroll:
    /// <see cref="MissingState"/>, or which parameter is malformed and how.
    /// </summary>
    public static EnrollmentParameters? Read(KernelCommandLine commandLine, out string? problem)
    {
        var endpointText = commandLine.Value(EnrollKey);
        if (endpointText is null)
        {
            problem = MissingState;
            return null;
        }
        problem = EndpointProblem(endpointText, out var endpoint) ?? TokenProblem(commandLine.Value(TokenKey));
        return problem is null ? new EnrollmentParameters(endpoint!, commandLine.Value(TokenKey)!) : null;
    }

    private static string? EndpointProblem(string text, out IPEndPoint? endpoint)
    {
        endpoint = null;
        string host, port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
                return $"{EnrollKey}={text}: expected [IPv6 address]:port";
            host = text[1..close];
            port = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
                return $"{EnrollKey}={text}: no port (expected IP:PORT)";
            host = text[..colon];
            port = text[(colon + 1)..];
            if (host.Contains(':'))
                return $"{EnrollKey}={text}: an IPv6 address must be bracketed ([addr]:port)";
        }
        if (!IsAddressLiteral(host, text.StartsWith('['), out var address))
            return $"{EnrollKey}={text}: '{host}' is not an IP address (the node has no resolver: write serve's IP)";
        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit)
            || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > IPEndPoint.MaxPort)
            return $"{EnrollKey}={text}: port '{port}' is not a number from 1 to 65535";
        endpoint = new IPEndPoint(address!, number);
        return null;
    }

    /// <summary>
    /// Dotted-quad IPv4 (four decimal parts: IPAddress.Parse would also take "10" or "10.1") or,
    /// bracketed, IPv6.
    /// </summary>
    private static bool IsAddressLiteral(string host, bool bracketed, out IPAddress? address)
    {
        address = null;
        if (bracketed)
            return IPAddress.TryParse(host, out address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        var parts = host.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit)))
            return false;
        return IPAddress.TryParse(host, out address) && address.AddressFamily == AddressFamily.InterNetwork;
    }

    private static string? TokenProblem(string? token)
    {
        if (token is null || token.Length == 0)
            return $"no {TokenKey} on the kernel command line (serve writes it beside {EnrollKey})";
        if (token.Length > MaxTokenLength)
            return $"{TokenKey} is {token.Length} characters; at most {MaxTokenLength}";
        var bad = token.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '='));
        if (bad != default)
            return $"{TokenKey} has the character '{bad}' (expected URL-safe base64 and dots)";
        return null;
    }
}
