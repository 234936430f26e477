using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Daemon.Enrollment;

/// <summary>
/// The node's key for this boot (ECDSA P-256, in memory only: it never leaves the node and dies
/// with it) and the certificate request serve signs, subject CN=&lt;mac&gt;.
/// </summary>
public sealed class EnrollmentKey : IDisposable
{
    private EnrollmentKey(ECDsa key, string mac)
    {
        Key = key;
        Mac = mac;
        var request = new CertificateRequest($"CN={mac}", key, HashAlgorithmName.SHA256);
        CertificateRequestPem = request.CreateSigningRequestPem();
    }

    public ECDsa Key { get; }

    /// <summary>Lower-case, colon-separated, as the token is bound to it.</summary>
    public string Mac { get; }

    /// <summary>PKCS#10, PEM.</summary>
    public string CertificateRequestPem { get; }

    public static EnrollmentKey Create(string mac) =>
        new(ECDsa.Create(ECCurve.NamedCurves.nistP256), mac.ToLowerInvariant());

    /// <summary>Whether <paramref name="certificate"/> carries this key (the SubjectPublicKeyInfo, byte for byte).</summary>
    public bool IsKeyOf(X509Certificate2 certificate)
    {
        using var other = certificate.GetECDsaPublicKey();
        return other is not null && Key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(other.ExportSubjectPublicKeyInfo());
    }

    /// <summary><paramref name="mac"/> (six bytes) as lower-case, colon-separated text.</summary>
    public static string FormatMac(ReadOnlySpan<byte> mac) =>
        string.Join(':', mac.ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    public void Dispose() => Key.Dispose();
}
