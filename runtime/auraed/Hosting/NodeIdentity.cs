using System.Security.Cryptography.X509Certificates;
using Aurae.Manifest;

namespace Aurae.Daemon.Hosting;

/// <summary>The node's TLS identity: its certificate and key, and the CA its clients must chain to.</summary>
public sealed class NodeIdentity
{
    private NodeIdentity(X509Certificate2 certificate, X509Certificate2 certificateAuthority)
    {
        Certificate = certificate;
        CertificateAuthority = certificateAuthority;
    }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2 CertificateAuthority { get; }

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

    private static byte[] PemBody(string path)
    {
        var text = File.ReadAllText(path);
        if (!System.Security.Cryptography.PemEncoding.TryFind(text, out var fields))
            throw new InvalidDataException($"'{path}' holds no PEM certificate");
        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
