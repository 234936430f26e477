namespace Aurae.Contract.Syntax;

/// <summary>Why an endpoint's text was refused, with the parts it was split into (empty when it never got that far).</summary>
/// <param name="AddressError">For <see cref="IPEndPointProblem.NotAnAddress"/>: <see cref="IPAddressSyntax"/>'s reason.</param>
public sealed record IPEndPointError(IPEndPointProblem Problem, string Host, string Port, string? AddressError = null);
