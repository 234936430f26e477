using System.Net;
using Aurae.Contract.Syntax;

namespace Aurae.Contract.Client;

/// <summary>
/// Endpoints as the client configuration and <c>-n name=IP:PORT</c> write them
/// (<see cref="IPEndPointSyntax"/>), with the client's words for what is wrong.
/// </summary>
public static class EndpointSyntax
{
    /// <summary>Null and the endpoint when <paramref name="text"/> is valid; otherwise why not.</summary>
    public static string? TryParse(string text, out IPEndPoint endpoint) =>
        IPEndPointSyntax.TryParse(text, out endpoint) switch
        {
            null => null,
            { Problem: IPEndPointProblem.NoPort or IPEndPointProblem.OnlyPort } =>
                $"'{text}' has no port; write IP:PORT, e.g. 10.0.2.15:8080",
            { Problem: IPEndPointProblem.UnclosedBracket or IPEndPointProblem.UnbracketedIPv6 or IPEndPointProblem.BracketedIPv4 } =>
                $"'{text}': write an IPv6 address in brackets, e.g. [fd00::1]:8080",
            { Problem: IPEndPointProblem.NotAnAddress } error =>
                $"'{error.Host}' is not an IP address (nodes are dialled by address, not by name)",
            { Problem: IPEndPointProblem.NotAPort } error => $"'{error.Port}' is not a port (1-65535)",
            var error => throw new ArgumentOutOfRangeException(nameof(text), error.Problem, null),
        };

    public static IPEndPoint Parse(string text) =>
        TryParse(text, out var endpoint) is { } error ? throw new FormatException(error) : endpoint;

    public static string Format(IPEndPoint endpoint) => IPEndPointSyntax.Format(endpoint);
}
