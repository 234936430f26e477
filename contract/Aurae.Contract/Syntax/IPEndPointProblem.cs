namespace Aurae.Contract.Syntax;

/// <summary>What is wrong with an endpoint's text; each reader words it for its own file or command line.</summary>
public enum IPEndPointProblem
{
    /// <summary>No ':' at all, and not only digits ("10.0.2.15").</summary>
    NoPort,

    /// <summary>Only digits ("8080"): a port without an address.</summary>
    OnlyPort,

    /// <summary>'[' without a following "]:" ("[::1]", "[::1").</summary>
    UnclosedBracket,

    /// <summary>An IPv6 address without brackets ("fd00::1:80"): the port cannot be told apart.</summary>
    UnbracketedIPv6,

    /// <summary>Brackets around something that is not IPv6 ("[10.0.0.1]:80").</summary>
    BracketedIPv4,

    /// <summary>The host is not a strict IP literal (<see cref="IPAddressSyntax"/>); names need a resolver nodes do not run.</summary>
    NotAnAddress,

    /// <summary>The port is not a decimal number from 1 to 65535.</summary>
    NotAPort,
}
