namespace Aurae.Contract.Enrollment;

/// <summary>
/// The names enrollment protocol v1 fixes between <c>aurae-compose serve</c> and auraed: where a
/// node enrolls and with what (kernel parameters serve's iPXE script writes), the endpoint's
/// path, and the DNS name serve's certificate carries (never issued to a node).
/// </summary>
public static class EnrollmentProtocol
{
    /// <summary>Kernel parameter: serve's enrollment endpoint, <c>IP:PORT</c> (IPv6 bracketed).</summary>
    public const string EndpointParameter = "aurae.enroll";

    /// <summary>Kernel parameter: the bootstrap token.</summary>
    public const string TokenParameter = "aurae.token";

    /// <summary>Where a node POSTs its <see cref="EnrollmentRequest"/>, over HTTPS.</summary>
    public const string Path = "/v1/enroll";

    /// <summary>The DNS SAN of serve's enrollment certificate; nodes require it and no node is given it.</summary>
    public const string ServerName = "aurae-enroll";
}
