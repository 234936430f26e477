using System.Security.Cryptography.X509Certificates;

namespace Aurae.Contract.Client;

/// <summary>
/// What a client presents and trusts: its own certificate and key, and the CA that must have
/// signed the node's certificate (the fleet CA, never the system store).
/// </summary>
public sealed class ClientIdentity
{
    private ClientIdentity(X509Certificate2 certificate, X509Certificate2 certificateAuthority)
    {
        Certificate = certificate;
        CertificateAuthority = certificateAuthority;
    }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2 CertificateAuthority { get; }

    public static ClientIdentity FromPemFiles(string caCertificatePath, string certificatePath, string keyPath)
    {
        foreach (var path in new[] { caCertificatePath, certificatePath, keyPath })
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"'{path}' not found", path);
        }
        var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caCertificatePath));
        return new ClientIdentity(certificate, ca);
    }

    /// <summary>The operator's identity as `aurae-compose pki init` lays it out.</summary>
    public static ClientIdentity FromPkiDirectory(string directory) => FromPemFiles(
        Path.Combine(directory, OperatorPkiFiles.CaCertificate), Path.Combine(directory, OperatorPkiFiles.Certificate),
        Path.Combine(directory, OperatorPkiFiles.Key));
}
