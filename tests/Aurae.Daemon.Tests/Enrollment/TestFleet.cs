using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Daemon.Tests.Enrollment;

/// <summary>A fleet CA made in memory, and the certificates serve, operators and nodes get from it.</summary>
public sealed class TestFleet
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestFleet(string name = "Test Fleet CA")
    {
        var request = new CertificateRequest($"CN={name}", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Authority = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    /// <summary>With its private key.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The CA as a node's image carries it: the certificate only.</summary>
    public X509Certificate2 PublicAuthority => X509CertificateLoader.LoadCertificate(Authority.RawData);

    /// <summary>Serve's certificate: EKU serverAuth and the given DNS SANs (aurae-enroll for a real serve).</summary>
    public X509Certificate2 Serve(params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=aurae-compose serve", key, HashAlgorithmName.SHA256);
        AddServerExtensions(request, dnsNames);
        using var issued = Issue(request);
        return Loadable(issued.CopyWithPrivateKey(key));
    }

    /// <summary>An operator's client certificate, O=admin.</summary>
    public X509Certificate2 Operator()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=operator, O=admin", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuth)], false));
        using var issued = Issue(request);
        return Loadable(issued.CopyWithPrivateKey(key));
    }

    /// <summary>What serve does with a node's CSR: CN and DNS SAN = <paramref name="name"/>, the CSR's key.</summary>
    public string SignNode(string? csrPem, string name)
    {
        ArgumentNullException.ThrowIfNull(csrPem); // the request's csr, which a node always sends
        var csr = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), csr.PublicKey, HashAlgorithmName.SHA256);
        AddServerExtensions(request, name);
        using var issued = Issue(request);
        return issued.ExportCertificatePem();
    }

    /// <summary>A node certificate for <paramref name="name"/> with a key that is not the node's.</summary>
    public string SignOtherKey(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        AddServerExtensions(request, name);
        using var issued = Issue(request);
        return issued.ExportCertificatePem();
    }

    private X509Certificate2 Issue(CertificateRequest request)
    {
        var now = DateTimeOffset.UtcNow;
        return request.Create(Authority, now.AddHours(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(16));
    }

    private static void AddServerExtensions(CertificateRequest request, params string[] dnsNames)
    {
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuth)], false));
        if (dnsNames.Length == 0)
            return;
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
            san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
    }

    /// <summary>Through PKCS#12, so TLS on Linux takes the key like any loaded certificate's.</summary>
    private static X509Certificate2 Loadable(X509Certificate2 certificate)
    {
        using (certificate)
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
