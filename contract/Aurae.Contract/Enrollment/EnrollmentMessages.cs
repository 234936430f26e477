using System.Text.Json.Serialization;

namespace Aurae.Contract.Enrollment;

/// <summary>
/// A node's <c>POST</c> to <see cref="EnrollmentProtocol.Path"/>: its bootstrap token, the MAC the
/// token is bound to (lower-case, colon-separated) and a PKCS#10 request (PEM) for the key it made.
/// Fields may be missing in what a server receives; it answers 400 then.
/// </summary>
public sealed record EnrollmentRequest(string? Token, string? Mac, string? Csr);

/// <summary>
/// serve's answer: the node's name and certificate (200), or why not (202 pending, 400, 403).
/// </summary>
public sealed record EnrollmentResponse(string? Name = null, string? Certificate = null, string? Reason = null);

/// <summary>Both messages as snake_case JSON, source-generated (both ends are NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EnrollmentRequest))]
[JsonSerializable(typeof(EnrollmentResponse))]
public sealed partial class EnrollmentJsonContext : JsonSerializerContext;
