using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Contract.Manifest;

namespace Aurae.Daemon.Hosting;

/// <summary>
/// The node's TLS identity: the certificate it serves (replaceable while serving: an enrolling
/// node starts with an ephemeral one and installs the CA-signed one when enrolled), and the CA
/// its clients must chain to.
/// </summary>
public sealed class NodeIdentity
{
    /// <summary>The subject of the certificate a node serves before it is enrolled.</summary>
    public const string UnenrolledName = "aurae-unenrolled";

    private volatile X509Certificate2 _certificate;

    private NodeIdentity(X509Certificate2 certificate, X509Certificate2 certificateAuthority)
    {
        _certificate = certificate;
        CertificateAuthority = certificateAuthority;
    }

    /// <summary>The certificate served now; Kestrel asks for it at every handshake.</summary>
    public X509Certificate2 Certificate => _certificate;

    public X509Certificate2 CertificateAuthority { get; }

    /// <summary>Serves <paramref name="certificate"/> (with its private key) from the next handshake on.</summary>
    public void Install(X509Certificate2 certificate) => _certificate = certificate;

    /// <summary>Loads the PEM files the manifest names (relative paths against <paramref name="baseDirectory"/>).</summary>
    public static NodeIdentity Load(PkiManifest pki, string baseDirectory)
    {
        if (pki.Certificate is null || pki.Key is null)
            throw new InvalidDataException("the node manifest names no node certificate and key (pki.certificate, pki.key)");
        var caPath = Path.GetFullPath(pki.CaCertificate, baseDirectory);
        var certificatePath = Path.GetFullPath(pki.Certificate, baseDirectory);
        var keyPath = Path.GetFullPath(pki.Key, baseDirectory);
        foreach (var path in new[] { caPath, certificatePath, keyPath })
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"PKI file '{path}' not found", path);
        }
        var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var ca = X509CertificateLoader.LoadCertificate(PemBody(caPath));
        return new NodeIdentity(certificate, ca);
    }

    /// <summary>
    /// An enrolling node: the manifest's CA only, and until enrollment an ephemeral self-signed
    /// certificate (CN=aurae-unenrolled) made now, which no client can mistake for a node's.
    /// </summary>
    public static NodeIdentity LoadForEnrollment(PkiManifest pki, string baseDirectory, TimeProvider time)
    {
        var caPath = Path.GetFullPath(pki.CaCertificate, baseDirectory);
        if (!File.Exists(caPath))
            throw new FileNotFoundException($"PKI file '{caPath}' not found (pki.ca_certificate)", caPath);
        return Unenrolled(X509CertificateLoader.LoadCertificate(PemBody(caPath)), time);
    }

    /// <summary>An unenrolled identity under <paramref name="certificateAuthority"/>.</summary>
    public static NodeIdentity Unenrolled(X509Certificate2 certificateAuthority, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={UnenrolledName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ExtendedKeyUsage.ServerAuthentication)], critical: false));
        var now = time.GetUtcNow();
        // Valid from before a clock that has not been set yet (the epoch, on many machines at boot).
        var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, now.AddYears(10));
        return new NodeIdentity(certificate, certificateAuthority);
    }

    private static byte[] PemBody(string path)
    {
        var text = File.ReadAllText(path);
        if (!PemEncoding.TryFind(text, out var fields))
            throw new InvalidDataException($"'{path}' holds no PEM certificate");
        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
