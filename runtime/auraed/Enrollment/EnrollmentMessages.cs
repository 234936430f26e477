using System.Text.Json.Serialization;

namespace Aurae.Daemon.Enrollment;

/// <summary>The body of <c>POST /v1/enroll</c>.</summary>
public sealed record EnrollmentRequest(string Token, string Mac, string Csr);

/// <summary>Serve's answer: <see cref="Name"/> and <see cref="Certificate"/> on 200, <see cref="Reason"/> otherwise.</summary>
public sealed record EnrollmentResponse
{
    public string? Name { get; init; }
    public string? Certificate { get; init; }
    public string? Reason { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EnrollmentRequest))]
[JsonSerializable(typeof(EnrollmentResponse))]
public sealed partial class EnrollmentJsonContext : JsonSerializerContext;
