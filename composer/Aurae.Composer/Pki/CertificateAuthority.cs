using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Composer.Pki;

/// <summary>A certificate and its private key, both PEM (the key as PKCS#8), ready to write.</summary>
internal sealed record IssuedCredential(string CertificatePem, string KeyPem);

/// <summary>The fleet CA: creates itself, loads itself from a PKI directory, and signs leaf certificates.</summary>
internal sealed class CertificateAuthority : IDisposable
{
    /// <summary>Certificates start an hour in the past: a freshly booted VM's clock is often behind.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);

    private const int CaValidityYears = 10;
    private const int LeafValidityYears = 5;

    private CertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate, carrying its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public static (CertificateAuthority Authority, IssuedCredential Files) Create(TimeProvider clock)
    {
        using var key = CertificateProfiles.NewKey();
        var request = CertificateProfiles.CertificateAuthority(key);
        var notBefore = clock.GetUtcNow() - ClockSkew;
        using var unsigned = request.Create(
            request.SubjectName, X509SignatureGenerator.CreateForECDsa(key),
            notBefore, notBefore.AddYears(CaValidityYears), NewSerialNumber());
        var certificate = unsigned.CopyWithPrivateKey(key);
        return (new CertificateAuthority(certificate), new IssuedCredential(certificate.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n"));
    }

    /// <summary>Loads ca.crt and ca.key, which must both exist, match, and describe a CA.</summary>
    public static CertificateAuthority Load(PkiDirectory directory)
    {
        using var certificate = PemFiles.ReadCertificate(directory.CaCertificatePath);
        using var key = PemFiles.ReadPrivateKey(directory.CaKeyPath);
        PemFiles.RequireMatchingKey(certificate, directory.CaCertificatePath, key, directory.CaKeyPath);
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (constraints is not { CertificateAuthority: true })
            throw new PkiException($"'{directory.CaCertificatePath}' is not a CA certificate (basic constraints CA:true missing)");
        return new CertificateAuthority(certificate.CopyWithPrivateKey(key));
    }

    /// <summary>Signs <paramref name="request"/>; validity is clamped to the CA's own, which signing requires.</summary>
    public IssuedCredential Issue(CertificateRequest request, ECDsa key, TimeProvider clock)
    {
        using var certificate = Sign(request, clock);
        return new IssuedCredential(certificate.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>Signs <paramref name="request"/> (whose key someone else holds); see <see cref="Issue"/>.</summary>
    public X509Certificate2 Sign(CertificateRequest request, TimeProvider clock)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var notBefore = clock.GetUtcNow() - ClockSkew;
        var notAfter = notBefore.AddYears(LeafValidityYears);
        var caNotBefore = new DateTimeOffset(Certificate.NotBefore.ToUniversalTime());
        var caNotAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        if (notBefore < caNotBefore)
            notBefore = caNotBefore;
        if (notAfter > caNotAfter)
            notAfter = caNotAfter;
        if (notAfter <= notBefore)
            throw new PkiException($"the CA certificate expired on {caNotAfter:yyyy-MM-dd}; it cannot issue certificates");

        return request.Create(Certificate, notBefore, notAfter, NewSerialNumber());
    }

    /// <summary>
    /// Returns null when <paramref name="leaf"/> chains to <paramref name="caCertificate"/> and no
    /// other CA, otherwise the chain problems. Time validity is checked only when
    /// <paramref name="at"/> is given; <paramref name="usage"/> is an optional required EKU.
    /// </summary>
    public static string? VerifyIssued(X509Certificate2 leaf, X509Certificate2 caCertificate, DateTimeOffset? at, Oid? usage)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(caCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (at is { } time)
            chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        else
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        if (usage is not null)
            chain.ChainPolicy.ApplicationPolicy.Add(usage);

        if (chain.Build(leaf))
            return null;
        var problems = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct();
        var description = string.Join("; ", problems);
        return description.Length > 0 ? description : "the certificate chain could not be built";
    }

    public void Dispose() => Certificate.Dispose();

    /// <summary>16 random bytes, with the top bit clear so the DER integer is positive and exactly 16 bytes.</summary>
    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        if (serial[0] == 0)
            serial[0] = 1;
        return serial;
    }
}
