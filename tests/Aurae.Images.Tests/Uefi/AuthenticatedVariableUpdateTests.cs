using System.Security.Cryptography.X509Certificates;
using Aurae.Images.Tests.TestSupport;
using Aurae.Images.Uefi;
using Aurae.Testing;

namespace Aurae.Images.Tests.Uefi;

/// <summary>
/// Secure Boot key variables against efitools (Debian package efitools), the tools firmware
/// enrollment guides use: cert-to-efi-sig-list for the signature lists, sign-efi-sig-list for the
/// time-based authenticated updates. Both are deterministic, so the files must be byte-identical.
/// </summary>
public sealed class AuthenticatedVariableUpdateTests
{
    private const string CertToEfiSigList = "/usr/bin/cert-to-efi-sig-list";
    private const string SignEfiSigList = "/usr/bin/sign-efi-sig-list";
    private static readonly Guid Owner = new("0a7f2c9e-5b1d-4c3e-9f8a-6d2b1e4c7a90");
    private static readonly DateTimeOffset Timestamp = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static X509Certificate2 SelfSigned(string commonName) =>
        TestCertificates.SelfSignedRsa(commonName, Timestamp.AddDays(-1), Timestamp.AddYears(10));

    private static (string Certificate, string Key) WritePem(TempDirectory directory, string name, X509Certificate2 certificate)
    {
        var crt = directory.File($"{name}.crt", System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));
        var key = directory.File($"{name}.key", System.Text.Encoding.ASCII.GetBytes(certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem()));
        return (crt, key);
    }

    [Fact]
    public void Signature_lists_are_what_cert_to_efi_sig_list_writes()
    {
        using var directory = new TempDirectory();
        using var certificate = SelfSigned("Aurae test db");
        var (crt, _) = WritePem(directory, "db", certificate);
        var expected = directory.Combine("expected.esl");
        ExternalTool.Run(ExternalTool.Require(CertToEfiSigList), ["-g", Owner.ToString(), crt, expected]);

        Assert.Equal(File.ReadAllBytes(expected), EfiSignatureList.OfCertificates([certificate], Owner));
    }

    [Theory]
    [InlineData("PK", "PK")]
    [InlineData("KEK", "PK")]
    [InlineData("db", "KEK")]
    public void Authenticated_updates_are_what_sign_efi_sig_list_writes(string variable, string signedBy)
    {
        using var directory = new TempDirectory();
        using var target = SelfSigned($"Aurae test {variable}");
        using var signer = variable == signedBy ? target : SelfSigned($"Aurae test {signedBy}");
        var (_, signerKey) = WritePem(directory, signedBy + "-signer", signer);
        var signerCrt = directory.Combine(signedBy + "-signer.crt");
        var esl = EfiSignatureList.OfCertificates([target], Owner);
        var eslPath = directory.File($"{variable}.esl", esl);
        var expected = directory.Combine($"{variable}.auth");
        ExternalTool.Run(ExternalTool.Require(SignEfiSigList),
            ["-t", "2026-01-02 03:04:05", "-g", Owner.ToString(), "-k", signerKey, "-c", signerCrt, variable, eslPath, expected]);

        var vendor = variable == "db" ? EfiGuids.ImageSecurityDatabase : EfiGuids.GlobalVariable;
        var ours = AuthenticatedVariableUpdate.Create(variable, vendor, AuthenticatedVariableUpdate.SecureBootVariableAttributes, Timestamp, esl, signer);

        Assert.Equal(Convert.ToHexString(File.ReadAllBytes(expected)), Convert.ToHexString(ours));
    }

    [Fact]
    public void The_signed_bundle_is_the_one_sign_efi_sig_list_would_have_signed()
    {
        using var directory = new TempDirectory();
        using var certificate = SelfSigned("Aurae test KEK");
        var esl = EfiSignatureList.OfCertificates([certificate], Owner);
        var eslPath = directory.File("KEK.esl", esl);
        var bundle = directory.Combine("KEK.bundle");
        ExternalTool.Run(ExternalTool.Require(SignEfiSigList), ["-o", "-t", "2026-01-02 03:04:05", "KEK", eslPath, bundle]);

        Assert.Equal(File.ReadAllBytes(bundle),
            AuthenticatedVariableUpdate.SignedBundle("KEK", EfiGuids.GlobalVariable, AuthenticatedVariableUpdate.SecureBootVariableAttributes, Timestamp, esl));
    }

    [Fact]
    public void A_certificate_without_its_key_cannot_sign()
    {
        using var certificate = SelfSigned("Aurae test PK");
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        var error = Assert.Throws<ArgumentException>(() => AuthenticatedVariableUpdate.Create("PK", EfiGuids.GlobalVariable,
            AuthenticatedVariableUpdate.SecureBootVariableAttributes, Timestamp, [1, 2, 3], publicOnly));
        Assert.Contains("no RSA private key", error.Message);
    }
}
