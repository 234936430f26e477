using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Client;

/// <summary>
/// How a client decides it reached the right node: the certificate chains to the fleet CA
/// and names the node (a DNS SAN equal to the expected name, or an IP SAN equal to it when
/// the name is an address). Nodes are dialled by IP (they have no DNS), so the check is by
/// the node's name rather than by the address dialled.
/// </summary>
public sealed class ServerCertificateCheck(X509Certificate2 certificateAuthority, string expectedName)
{
    // RFC 5280 §4.2.1.12 id-kp-serverAuth.
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    public bool Accepts(X509Certificate2? certificate)
    {
        if (certificate is null)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(certificateAuthority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthenticationOid));
        return chain.Build(certificate) && NamesNode(certificate);
    }

    public RemoteCertificateValidationCallback Callback =>
        (_, certificate, _, _) => Accepts(certificate as X509Certificate2 ??
                                          (certificate is null ? null : new X509Certificate2(certificate)));

    private bool NamesNode(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null)
            return false;
        if (IPAddress.TryParse(expectedName, out var address))
            return extension.EnumerateIPAddresses().Any(a => a.Equals(address));
        return extension.EnumerateDnsNames().Any(n => string.Equals(n, expectedName, StringComparison.OrdinalIgnoreCase));
    }
}
