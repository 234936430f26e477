using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Testing;

/// <summary>Throwaway keys for the signing tests: a self-signed RSA-2048 certificate with its private key.</summary>
public static class TestCertificates
{
    /// <param name="notBefore">Default: a day ago.</param>
    /// <param name="notAfter">Default: a year after <paramref name="notBefore"/>.</param>
    public static X509Certificate2 SelfSignedRsa(string commonName, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        return request.CreateSelfSigned(from, notAfter ?? from.AddYears(1));
    }
}
