using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Composer.Pki;

/// <summary>Reads the PEM files of a PKI directory, turning every failure into a message that names the file.</summary>
internal static class PemFiles
{
    private const string CertificateLabel = "CERTIFICATE";

    public static X509Certificate2 ReadCertificate(string path)
    {
        var text = ReadText(path);
        var der = SinglePem(path, text, CertificateLabel);
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            throw new PkiException($"'{path}' does not contain a valid certificate: {e.Message}", e);
        }
    }

    public static ECDsa ReadPrivateKey(string path)
    {
        var text = ReadText(path);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(text);
            return key;
        }
        catch (ArgumentException e)
        {
            // .NET's own message talks about "(Parameter 'input')" and file paths, which misleads here.
            key.Dispose();
            throw new PkiException($"'{path}' does not contain a valid PEM ECDSA private key: no readable " +
                "'-----BEGIN PRIVATE KEY-----' or '-----BEGIN EC PRIVATE KEY-----' block", e);
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new PkiException($"'{path}' does not contain a valid PEM ECDSA private key: {e.Message}", e);
        }
    }

    /// <summary>
    /// An RSA private key in PEM, encrypted (PKCS#8, with <paramref name="passphrase"/>) or not.
    /// <paramref name="passphraseField"/> names where the passphrase comes from, for the messages.
    /// </summary>
    public static RSA ReadRsaPrivateKey(string path, string? passphrase, string passphraseField)
    {
        var text = ReadText(path);
        var encrypted = text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        if (encrypted && passphrase is null)
            throw new PkiException($"'{path}' is encrypted: give its passphrase ({passphraseField})");
        var key = RSA.Create();
        try
        {
            if (encrypted)
                key.ImportFromEncryptedPem(text, passphrase);
            else
                key.ImportFromPem(text);
            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new PkiException(encrypted
                ? $"'{path}' cannot be decrypted with the passphrase given ({passphraseField})"
                : $"'{path}' does not hold a PEM RSA private key", e);
        }
    }

    /// <summary>Returns the certificate's ECDSA public key, refusing other algorithms.</summary>
    public static ECDsa PublicKey(X509Certificate2 certificate, string path) =>
        certificate.GetECDsaPublicKey()
        ?? throw new PkiException($"'{path}' holds a {certificate.PublicKey.Oid.FriendlyName} key; Aurae uses ECDSA P-256");

    /// <summary>Fails unless <paramref name="key"/> is the private half of the certificate's key.</summary>
    public static void RequireMatchingKey(X509Certificate2 certificate, string certificatePath, ECDsa key, string keyPath)
    {
        using var publicKey = PublicKey(certificate, certificatePath);
        if (!publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            throw new PkiException($"'{keyPath}' is not the private key of '{certificatePath}'");
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PkiException($"cannot read '{path}': {e.Message}", e);
        }
    }

    private static byte[] SinglePem(string path, string text, string label)
    {
        var found = new List<byte[]>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual(label))
                found.Add(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
            rest = rest[fields.Location.End..];
        }
        return found.Count switch
        {
            1 => found[0],
            0 => throw new PkiException($"'{path}' contains no PEM '-----BEGIN {label}-----' block"),
            _ => throw new PkiException($"'{path}' contains {found.Count} certificates; expected exactly one"),
        };
    }
}
