using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Client.Tests.FakeNode;

/// <summary>A throwaway CA with a node (server) certificate and an operator (client) certificate, as PEM files.</summary>
internal sealed class TestPki
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <param name="nodeNames">Names the server certificate carries (one server can then stand for several nodes).</param>
    public TestPki(string directory, params string[] nodeNames)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in nodeNames)
            names.AddDnsName(name);
        ServerCertificate = Issue(ca, $"CN={nodeNames[0]}", ServerAuthentication, names.Build());
        using var client = Issue(ca, "CN=operator, O=admin", ClientAuthentication, null);

        CaPath = Path.Combine(directory, "ca.crt");
        CertificatePath = Path.Combine(directory, "operator.crt");
        KeyPath = Path.Combine(directory, "operator.key");
        File.WriteAllText(CaPath, ca.ExportCertificatePem());
        File.WriteAllText(CertificatePath, client.ExportCertificatePem());
        File.WriteAllText(KeyPath, client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public X509Certificate2 ServerCertificate { get; }

    public string CaPath { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, string usage, X509Extension? names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (names is not null)
            request.CertificateExtensions.Add(names);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        // A PKCS#12 round trip gives a certificate whose key TLS can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }
}
