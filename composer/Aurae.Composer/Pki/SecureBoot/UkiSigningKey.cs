using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Composer.Pki.SecureBoot;

/// <summary>
/// The db key node.yaml's <c>secure_boot</c> names, with its certificate: what the composer signs
/// the UKI with (and so the ISO's and the disks' copies of it). Any RSA key in PEM works: one from
/// `pki secureboot init`, Debian's snakeoil test key, or an existing db key. Checked when node.yaml
/// is read, before any work: the key must be readable (with its passphrase if encrypted), RSA, and
/// the certificate's, and the certificate valid now.
/// </summary>
public sealed class UkiSigningKey : IDisposable
{
    private UkiSigningKey(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The certificate, with the private key attached.</summary>
    public X509Certificate2 Certificate { get; }

    /// <exception cref="PkiException">Every problem, naming the file.</exception>
    public static UkiSigningKey Load(string keyPath, string certificatePath, string? passphrase, DateTimeOffset now)
    {
        using var certificate = PemFiles.ReadCertificate(certificatePath);
        using var publicKey = certificate.GetRSAPublicKey()
            ?? throw new PkiException($"'{certificatePath}' does not hold an RSA certificate; UEFI db keys are RSA (2048 bits)");
        var from = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var until = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (now > until)
            throw new PkiException($"'{certificatePath}' expired on {until:yyyy-MM-dd}; sign with a current db certificate");
        if (now < from - CertificateAuthority.ClockSkew)
            throw new PkiException($"'{certificatePath}' is not valid before {from:yyyy-MM-dd HH:mm}Z");

        using var key = PemFiles.ReadRsaPrivateKey(keyPath, passphrase, "secure_boot.passphrase_file");
        if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(publicKey.ExportSubjectPublicKeyInfo()))
            throw new PkiException($"'{keyPath}' is not the key of '{certificatePath}' ({certificate.Subject})");
        return new UkiSigningKey(certificate.CopyWithPrivateKey(key));
    }

    public void Dispose() => Certificate.Dispose();
}
