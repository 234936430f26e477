using System.Net;
using Aurae.Daemon.Init;
using Aurae.Contract.Enrollment;
using Aurae.Contract.Syntax;

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
        var error = IPEndPointSyntax.TryParse(text, out var parsed);
        endpoint = error is null ? parsed : null;
        return error switch
        {
            null => null,
            { Problem: IPEndPointProblem.UnclosedBracket } => $"{EnrollKey}={text}: expected [IPv6 address]:port",
            { Problem: IPEndPointProblem.NoPort or IPEndPointProblem.OnlyPort } => $"{EnrollKey}={text}: no port (expected IP:PORT)",
            { Problem: IPEndPointProblem.UnbracketedIPv6 } => $"{EnrollKey}={text}: an IPv6 address must be bracketed ([addr]:port)",
            { Problem: IPEndPointProblem.BracketedIPv4 or IPEndPointProblem.NotAnAddress } =>
                $"{EnrollKey}={text}: '{error.Host}' is not an IP address (the node has no resolver: write serve's IP)",
            { Problem: IPEndPointProblem.NotAPort } => $"{EnrollKey}={text}: port '{error.Port}' is not a number from 1 to 65535",
            _ => throw new ArgumentOutOfRangeException(nameof(text), error.Problem, null),
        };
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
