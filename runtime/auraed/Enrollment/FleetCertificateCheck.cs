using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Contract.Enrollment;

namespace Aurae.Daemon.Enrollment;

/// <summary>
/// Certificates the node accepts during enrollment, judged against the fleet CA from the image
/// only (no system roots, no revocation): serve's, which must name <c>aurae-enroll</c>, and the
/// node's own as serve returns it.
/// </summary>
public sealed class FleetCertificateCheck(X509Certificate2 certificateAuthority, TimeProvider time)
{
    /// <summary>The DNS SAN serve's certificate carries, a name serve never issues to a node.</summary>
    public const string ServeName = EnrollmentProtocol.ServerName;

    /// <summary>Null when <paramref name="certificate"/> is serve's, else why not.</summary>
    public string? ServeProblem(X509Certificate2 certificate, X509Chain? presented) =>
        ChainProblem(certificate, presented)
        ?? (DnsNames(certificate).Contains(ServeName, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"certificate '{certificate.Subject}' has no DNS SAN {ServeName} (SANs: {Describe(DnsNames(certificate))})");

    /// <summary>Null when <paramref name="certificate"/> is a node certificate the CA issued for <paramref name="name"/>, else why not.</summary>
    public string? IssuedProblem(X509Certificate2 certificate, string name) =>
        ChainProblem(certificate, null)
        ?? (DnsNames(certificate).Contains(name, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"the certificate does not name {name} (DNS SANs: {Describe(DnsNames(certificate))})");

    private string? ChainProblem(X509Certificate2 certificate, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(certificateAuthority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(Hosting.ExtendedKeyUsage.ServerAuthentication));
        // Intermediates the peer sent may help build the chain; they are not trusted by being sent.
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements.Skip(1))
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        if (chain.Build(certificate))
            return null;
        var reasons = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        return $"certificate '{certificate.Subject}' is not accepted under the fleet CA '{certificateAuthority.Subject}': {reasons}";
    }

    private static List<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();

    private static string Describe(List<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
