using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Images.Uefi;

namespace Aurae.Composer.Pki.SecureBoot;

/// <summary>
/// `aurae-compose pki secureboot init DIR`: a PK, a KEK and a db key (RSA-2048, self-signed X.509,
/// as firmware requires), and for each what enrollment takes: NAME.key, NAME.crt, NAME.esl (the EFI
/// signature list) and NAME.auth (the signed, time-based update a firmware in setup mode accepts:
/// db and KEK signed by the key above them, PK by itself). The db key then signs UKIs
/// (node.yaml <c>secure_boot: {key: DIR/db.key, cert: DIR/db.crt}</c>). All files or none are
/// written, and none is ever replaced.
/// </summary>
public static class SecureBootKeys
{
    private const int RsaKeyBits = 2048;
    private static readonly TimeSpan Validity = TimeSpan.FromDays(10 * 365);

    /// <summary>The files it creates, relative to the directory, in the order they are written.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        SecureBootVariable.All.SelectMany(v => new[] { $"{v.Name}.key", $"{v.Name}.crt", $"{v.Name}.esl", $"{v.Name}.auth" }).ToArray();

    /// <param name="owner">The name in the certificates' subjects (CN=OWNER PK …).</param>
    /// <exception cref="PkiException">A file exists already, or the directory cannot be written.</exception>
    public static IReadOnlyList<string> Init(string directory, string owner, TimeProvider clock)
    {
        var existing = FileNames.Select(name => Path.Combine(directory, name)).Where(File.Exists).ToList();
        if (existing.Count > 0)
            throw new PkiException($"'{existing[0]}' already exists; pki secureboot init never replaces keys (use a new directory)");
        AtomicFiles.EnsureDirectory(directory);

        var now = clock.GetUtcNow();
        // The owner GUID in each signature list entry: one per key set, as efitools' guides do with uuidgen.
        var signatureOwner = Guid.NewGuid();
        var certificates = new Dictionary<SecureBootKeyRole, X509Certificate2>();
        var files = new List<NewFile>();
        try
        {
            foreach (var variable in SecureBootVariable.All)
                certificates[variable.Role] = SelfSigned($"{owner} {variable.Name}", now);
            foreach (var variable in SecureBootVariable.All)
            {
                var certificate = certificates[variable.Role];
                var list = EfiSignatureList.OfCertificates([certificate], signatureOwner);
                var update = AuthenticatedVariableUpdate.Create(variable.Name, variable.Vendor,
                    AuthenticatedVariableUpdate.SecureBootVariableAttributes, now, list, certificates[variable.SignedBy]);
                var path = (string extension) => Path.Combine(directory, $"{variable.Name}.{extension}");
                files.Add(new NewFile(path("key"), certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n", AtomicFiles.PrivateFile));
                files.Add(new NewFile(path("crt"), certificate.ExportCertificatePem() + "\n", AtomicFiles.PublicFile));
                files.Add(new NewFile(path("esl"), list, AtomicFiles.PublicFile));
                files.Add(new NewFile(path("auth"), update, AtomicFiles.PublicFile));
            }
        }
        finally
        {
            foreach (var certificate in certificates.Values)
                certificate.Dispose();
        }
        AtomicFiles.CreateAll(files);
        return files.Select(f => f.Path).ToList();
    }

    private static X509Certificate2 SelfSigned(string commonName, DateTimeOffset now)
    {
        using var key = RSA.Create(RsaKeyBits);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // The certificate holds its own copy of the key, so disposing ours is fine.
        return request.CreateSelfSigned(now - CertificateAuthority.ClockSkew, now + Validity);
    }
}
