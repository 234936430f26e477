using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Composer.Pki;

namespace Aurae.Node.Tests.Hostile;

/// <summary>
/// Client certificates a node must refuse, each made here from a PKI directory's own CA key
/// (so only the one property under test is wrong) or from a stranger's key. Every one claims
/// O=admin, and its CN names the case, so the node's refusal log can be matched to it.
/// </summary>
public sealed class OddClientCertificates(string pkiDirectory, int seed)
{
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    private readonly Random _serials = new(seed);

    private X509Certificate2 Authority() => X509Certificate2.CreateFromPemFile(
        new PkiDirectory(pkiDirectory).CaCertificatePath, new PkiDirectory(pkiDirectory).CaKeyPath);

    /// <summary>Signed by the right CA, but its validity ended before the test began.</summary>
    public X509Certificate2 Expired(string commonName)
    {
        using var ca = Authority();
        var notBefore = new DateTimeOffset(ca.NotBefore.ToUniversalTime());
        return Issue(commonName, "admin", [ClientAuth], ca, notBefore, notBefore.AddMinutes(1));
    }

    /// <summary>Signed by the right CA, valid only from tomorrow.</summary>
    public X509Certificate2 NotYetValid(string commonName)
    {
        using var ca = Authority();
        var now = DateTimeOffset.UtcNow;
        return Issue(commonName, "admin", [ClientAuth], ca, now.AddDays(1), now.AddDays(2));
    }

    /// <summary>Signed by the right CA for server authentication only (a node's kind of certificate).</summary>
    public X509Certificate2 ServerAuthOnly(string commonName) => Current(commonName, "admin", [ServerAuth]);

    /// <summary>Signed by the right CA, valid, for client authentication: the role is what varies.</summary>
    public X509Certificate2 WithOrganization(string commonName, string? organization) => Current(commonName, organization, [ClientAuth]);

    /// <summary>Self-signed with the operator's exact subject: a look-alike, not chained to the CA.</summary>
    public X509Certificate2 SelfSignedOperator()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request("operator", "admin", key, [ClientAuth]);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
    }

    private X509Certificate2 Current(string commonName, string? organization, Oid[] usages)
    {
        using var ca = Authority();
        var now = DateTimeOffset.UtcNow;
        return Issue(commonName, organization, usages, ca, now.AddHours(-1), now.AddDays(1));
    }

    private X509Certificate2 Issue(string commonName, string? organization, Oid[] usages, X509Certificate2 ca,
        DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(commonName, organization, key, usages);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = new byte[16];
        _serials.NextBytes(serial);
        serial[0] = (byte)(serial[0] & 0x7F | 0x01);
        using var certificate = request.Create(ca, notBefore, notAfter, serial);
        return certificate.CopyWithPrivateKey(key);
    }

    private static CertificateRequest Request(string commonName, string? organization, ECDsa key, Oid[] usages)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        if (organization is not null)
            name.AddOrganizationName(organization);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request;
    }
}
