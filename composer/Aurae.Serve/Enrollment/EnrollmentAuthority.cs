using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Composer.Pki;

namespace Aurae.Serve.Enrollment;

/// <summary>
/// The fleet CA as serve uses it: signs an enrolling node's own key into a certificate that names
/// it, and makes serve's enrollment endpoint certificate (the name nodes require, <see
/// cref="CertificateProfiles.EnrollmentServerName"/>). The nodes' private keys never come here.
/// </summary>
public sealed class EnrollmentAuthority : IDisposable
{
    private readonly CertificateAuthority _ca;
    private readonly TimeProvider _clock;

    private EnrollmentAuthority(CertificateAuthority ca, byte[] caKeyPkcs8, TimeProvider clock)
    {
        _ca = ca;
        CaKeyPkcs8 = caKeyPkcs8;
        _clock = clock;
    }

    /// <summary>The CA key (PKCS#8 DER): the bootstrap tokens' key is derived from it.</summary>
    public byte[] CaKeyPkcs8 { get; }

    public X509Certificate2 CaCertificate => _ca.Certificate;

    /// <summary>Loads ca.crt and ca.key from a PKI directory.</summary>
    /// <exception cref="PkiException">Either is missing, unreadable or they do not match.</exception>
    public static EnrollmentAuthority Load(string pkiDirectory, TimeProvider clock)
    {
        var directory = new PkiDirectory(pkiDirectory);
        foreach (var path in new[] { directory.CaCertificatePath, directory.CaKeyPath })
        {
            if (!File.Exists(path))
                throw new PkiException($"'{path}' not found: serve signs enrolling nodes with the fleet CA (`aurae-compose pki init {pkiDirectory}`)");
        }
        var ca = CertificateAuthority.Load(directory);
        using var key = PemFiles.ReadPrivateKey(directory.CaKeyPath);
        return new EnrollmentAuthority(ca, key.ExportPkcs8PrivateKey(), clock);
    }

    /// <summary>
    /// The certificate for a node named <paramref name="name"/>, for the key in <paramref name="csrPem"/>
    /// (whose signature proves the node holds it). The request's own subject and names are ignored.
    /// </summary>
    /// <exception cref="CryptographicException">The request is not a valid, self-signed PKCS#10 request.</exception>
    public X509Certificate2 Issue(string csrPem, string name)
    {
        var request = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256,
            CertificateRequestLoadOptions.Default);
        if (request.PublicKey.Oid.Value != "1.2.840.10045.2.1") // id-ecPublicKey, RFC 5480 §2.1.1
            throw new CryptographicException("the request's key is not an ECDSA key");
        // The fleet's keys are all P-256 (CertificateProfiles.NewKey); nodes make the same.
        using (var key = request.PublicKey.GetECDsaPublicKey())
        {
            if (key?.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                throw new CryptographicException("the request's key is not on the P-256 curve");
        }
        return _ca.Sign(CertificateProfiles.Node(request.PublicKey, new NodeIdentity(name)), _clock);
    }

    /// <summary>A fresh key and certificate for the enrollment endpoint, valid while serve runs.</summary>
    public X509Certificate2 CreateEndpointCertificate()
    {
        using var key = CertificateProfiles.NewKey();
        using var certificate = _ca.Sign(CertificateProfiles.EnrollmentServer(key), _clock);
        // Kestrel on Linux needs the key in the certificate, exportable as PKCS#12 round trip.
        return X509CertificateLoader.LoadPkcs12(certificate.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose() => _ca.Dispose();
}
