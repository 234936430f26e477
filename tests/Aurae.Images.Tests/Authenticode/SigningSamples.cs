using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Images.Authenticode;
using Aurae.Images.Pe;
using Aurae.Images.Tests.Pe;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Authenticode;

/// <summary>An unsigned UKI from the real systemd stub with a small fake kernel, and the keys to sign it.</summary>
internal static class SigningSamples
{
    public const string SnakeoilKeyPath = "/usr/share/ovmf/PkKek-1-snakeoil.key";
    public const string SnakeoilCertificatePath = "/usr/share/ovmf/PkKek-1-snakeoil.pem";
    public const string SnakeoilPassphrase = "snakeoil";

    /// <summary>A fixed signing time, so signatures that carry one are still reproducible.</summary>
    public static readonly DateTimeOffset SigningTime = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Not a bootable kernel: the signature covers bytes, not what they are. Odd length exercises padding.</summary>
    public static readonly byte[] FakeKernel = Enumerable.Range(0, 70_001).Select(i => (byte)(i * 7)).ToArray();

    public static byte[] Uki() => UkiSample.Build(
        new UkiContents(UkiSample.OsRelease, UkiSample.CommandLine, "6.1.0-test-amd64", UkiSample.Initrd, FakeKernel));

    /// <summary>A fresh self-signed RSA-2048 code-signing certificate with its private key.</summary>
    public static X509Certificate2 FreshCertificate()
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Aurae test signing key", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false)); // codeSigning
        DateTimeOffset notBefore = SigningTime.AddDays(-1);
        return request.CreateSelfSigned(notBefore, notBefore.AddYears(10));
    }

    /// <summary>Debian's OVMF snakeoil PK/KEK pair (package ovmf); a missing file fails the test.</summary>
    public static X509Certificate2 Snakeoil()
    {
        foreach (string path in new[] { SnakeoilKeyPath, SnakeoilCertificatePath })
        {
            if (!File.Exists(path))
            {
                Assert.Fail($"'{path}' is not installed (Debian package ovmf); the snakeoil signing test needs it.");
            }
        }

        using RSA key = RSA.Create();
        key.ImportFromEncryptedPem(File.ReadAllText(SnakeoilKeyPath), SnakeoilPassphrase);
        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(SnakeoilCertificatePath));
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>The SignedData in a signed image's (only) WIN_CERTIFICATE, decoded.</summary>
    public static System.Security.Cryptography.Pkcs.SignedCms DecodeSignature(byte[] signed)
    {
        PeDataDirectory table = PeImage.Parse(signed).CertificateTable;
        var cms = new System.Security.Cryptography.Pkcs.SignedCms();
        cms.Decode(signed.AsSpan((int)table.VirtualAddress + WinCertificate.HeaderLength, (int)table.Size - WinCertificate.HeaderLength).ToArray());
        return cms;
    }

    /// <summary>Writes <paramref name="certificate"/> as PEM, the form sbverify and osslsigncode read.</summary>
    public static string WritePem(TempDirectory temp, X509Certificate2 certificate) =>
        temp.File("cert.pem", System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"));
}
