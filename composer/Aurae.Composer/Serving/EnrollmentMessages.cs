namespace Aurae.Composer.Serving;

/// <summary>POST /v1/enroll from a node (protocol v1; snake_case JSON).</summary>
public sealed record EnrollmentRequest(string? Token, string? Mac, string? Csr);

/// <summary>
/// serve's answer: the node's name and certificate (200), or why not (202 pending, 400, 403).
/// </summary>
public sealed record EnrollmentResponse(string? Name = null, string? Certificate = null, string? Reason = null);
