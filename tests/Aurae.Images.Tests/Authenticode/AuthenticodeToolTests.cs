using System.Security.Cryptography.X509Certificates;
using Aurae.Images.Authenticode;
using Aurae.Images.Pe;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Authenticode;

/// <summary>
/// Independent validation of <see cref="AuthenticodeSigner"/>: sbverify (Debian package sbsigntool) and
/// osslsigncode (package osslsigncode) must accept what we sign and refuse it once a byte changes.
/// </summary>
public sealed class AuthenticodeToolTests
{
    private const string Sbverify = "/usr/bin/sbverify";
    private const string Osslsigncode = "/usr/bin/osslsigncode";
    private const string Sbsign = "/usr/bin/sbsign";

    [Fact]
    public void SignedUki_PassesSbverifyAndOsslsigncode()
    {
        using var temp = new TempDirectory();
        using X509Certificate2 certificate = SigningSamples.FreshCertificate();
        string cert = SigningSamples.WritePem(temp, certificate);
        string signed = temp.File("uki.efi", AuthenticodeSigner.Sign(SigningSamples.Uki(), certificate, SigningSamples.SigningTime));

        ExternalTool.Result sbverify = ExternalTool.Run(Sbverify, ["--cert", cert, signed]);
        Assert.Contains("Signature verification OK", sbverify.StandardOutputText + sbverify.StandardError);
        ExternalTool.Result osslsigncode = ExternalTool.Run(Osslsigncode, ["verify", "-CAfile", cert, "-in", signed]);
        Assert.Contains("Signature verification: ok", osslsigncode.StandardOutputText);
    }

    [Fact]
    public void SignedUki_SnakeoilKey_PassesSbverify()
    {
        using var temp = new TempDirectory();
        using X509Certificate2 snakeoil = SigningSamples.Snakeoil();
        string signed = temp.File("uki.efi", AuthenticodeSigner.Sign(SigningSamples.Uki(), snakeoil));

        ExternalTool.Result sbverify = ExternalTool.Run(Sbverify, ["--cert", SigningSamples.SnakeoilCertificatePath, signed]);
        Assert.Contains("Signature verification OK", sbverify.StandardOutputText + sbverify.StandardError);
    }

    [Fact]
    public void ImageHash_EqualsTheDigestOsslsigncodeCalculates()
    {
        using var temp = new TempDirectory();
        (string cert, byte[] signed) = SignWithFreshCertificate(temp);
        string path = temp.File("uki.efi", signed);

        string report = ExternalTool.Run(Osslsigncode, ["verify", "-CAfile", cert, "-in", path]).StandardOutputText;
        string ours = Convert.ToHexString(AuthenticodeImageHash.Compute(PeImage.Parse(signed)));

        Assert.Contains($"Current message digest    : {ours}", report);
        Assert.Contains($"Calculated message digest : {ours}", report);
    }

    [Fact]
    public void SpcIndirectDataContent_IsByteIdenticalToSbsigns()
    {
        using var temp = new TempDirectory();
        using X509Certificate2 certificate = SigningSamples.FreshCertificate();
        byte[] uki = SigningSamples.Uki();
        using System.Security.Cryptography.RSA key = certificate.GetRSAPrivateKey()!;
        string keyPem = temp.File("key.pem", System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        string sbsigned = temp.Combine("sbsign.efi");

        ExternalTool.Run(Sbsign, ["--key", keyPem, "--cert", SigningSamples.WritePem(temp, certificate), "--output", sbsigned, temp.File("uki.efi", uki)]);

        Assert.Equal(SignedContent(File.ReadAllBytes(sbsigned)), SignedContent(AuthenticodeSigner.Sign(uki, certificate)));
    }

    [Fact]
    public void Checksum_EqualsPefileGenerateChecksum()
    {
        using var temp = new TempDirectory();
        (_, byte[] signed) = SignWithFreshCertificate(temp);
        string path = temp.File("uki.efi", signed);

        string output = ExternalTool.Run("/usr/bin/python3",
            ["-c", "import pefile,sys; pe=pefile.PE(sys.argv[1]); print(pe.OPTIONAL_HEADER.CheckSum, pe.generate_checksum())", path])
            .StandardOutputText.Trim();

        uint ours = PeImage.Parse(signed).OptionalHeader.CheckSum;
        Assert.NotEqual(0u, ours);
        Assert.Equal($"{ours} {ours}", output);
    }

    [Fact]
    public void ChangedSectionByte_IsRefusedByBothTools()
    {
        using var temp = new TempDirectory();
        (string cert, byte[] signed) = SignWithFreshCertificate(temp);
        PeSectionHeader cmdline = PeImage.Parse(signed).FindSection(UnifiedKernelImage.CommandLineSection)!;
        signed[cmdline.PointerToRawData] ^= 0x01;

        AssertBothRefuse(temp.File("uki.efi", signed), cert);
    }

    [Fact]
    public void ChangedSignatureByte_IsRefusedByBothTools()
    {
        using var temp = new TempDirectory();
        (string cert, byte[] signed) = SignWithFreshCertificate(temp);
        PeDataDirectory table = PeImage.Parse(signed).CertificateTable;
        // The RSA signature is the SignerInfo's last field, so it ends the DER right before the padding.
        int derEnd = (int)table.VirtualAddress + signed.AsSpan((int)table.VirtualAddress, (int)table.Size).TrimEnd((byte)0).Length;
        signed[derEnd - 10] ^= 0x01;

        AssertBothRefuse(temp.File("uki.efi", signed), cert);
    }

    /// <summary>Signs the sample UKI with a fresh certificate, written as PEM to <paramref name="temp"/>.</summary>
    private static (string CertificatePem, byte[] Signed) SignWithFreshCertificate(TempDirectory temp)
    {
        using X509Certificate2 certificate = SigningSamples.FreshCertificate();
        return (SigningSamples.WritePem(temp, certificate), AuthenticodeSigner.Sign(SigningSamples.Uki(), certificate));
    }

    /// <summary>The signed SpcIndirectDataContent (the SignedData's eContent) of a signed image.</summary>
    private static byte[] SignedContent(byte[] signed)
    {
        System.Security.Cryptography.Pkcs.SignedCms cms = SigningSamples.DecodeSignature(signed);
        Assert.Equal("1.3.6.1.4.1.311.2.1.4", cms.ContentInfo.ContentType.Value);
        return cms.ContentInfo.Content;
    }

    private static void AssertBothRefuse(string path, string cert)
    {
        ExternalTool.Result sbverify = ExternalTool.RunUnchecked(Sbverify, ["--cert", cert, path]);
        Assert.True(sbverify.ExitCode != 0, $"sbverify accepted a changed image: {sbverify.StandardOutputText}{sbverify.StandardError}");
        ExternalTool.Result osslsigncode = ExternalTool.RunUnchecked(Osslsigncode, ["verify", "-CAfile", cert, "-in", path]);
        Assert.True(osslsigncode.ExitCode != 0, $"osslsigncode accepted a changed image: {osslsigncode.StandardOutputText}");
    }
}
