using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Images.Authenticode;
using Aurae.Images.Pe;

namespace Aurae.Images.Tests.Authenticode;

public sealed class AuthenticodeSignerTests
{
    [Fact]
    public void Sign_SameInputKeyAndTime_IsByteIdentical()
    {
        using X509Certificate2 certificate = SigningSamples.FreshCertificate();
        byte[] uki = SigningSamples.Uki();

        Assert.Equal(AuthenticodeSigner.Sign(uki, certificate, SigningSamples.SigningTime), AuthenticodeSigner.Sign(uki, certificate, SigningSamples.SigningTime));
        Assert.Equal(AuthenticodeSigner.Sign(uki, certificate), AuthenticodeSigner.Sign(uki, certificate));
    }

    [Fact]
    public void Sign_AppendsAnAlignedWinCertificateAndPointsTheSecurityDirectoryAtIt()
    {
        using X509Certificate2 certificate = SigningSamples.FreshCertificate();
        byte[] uki = SigningSamples.Uki();

        byte[] signed = AuthenticodeSigner.Sign(uki, certificate);

        PeDataDirectory table = PeImage.Parse(signed).CertificateTable;
        Assert.Equal(uki.Length, (int)table.VirtualAddress);
        Assert.Equal(signed.Length, (int)(table.VirtualAddress + table.Size));
        Assert.Equal(0u, table.VirtualAddress % WinCertificate.Alignment);
        Assert.Equal(0u, table.Size % WinCertificate.Alignment);
        ReadOnlySpan<byte> entry = signed.AsSpan((int)table.VirtualAddress);
        Assert.Equal(table.Size, BinaryPrimitives.ReadUInt32LittleEndian(entry));
        Assert.Equal(WinCertificate.Revision2, BinaryPrimitives.ReadUInt16LittleEndian(entry[4..]));
        Assert.Equal(WinCertificate.TypePkcsSignedData, BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]));
        // Only the security directory and the checksum change in the original bytes.
        Assert.Equal(AuthenticodeImageHash.Compute(PeImage.Parse(uki)), AuthenticodeImageHash.Compute(PeImage.Parse(signed)));
    }

    [Fact]
    public void Sign_WithoutTime_HasNoSigningTimeAttribute_AndWithTimeHasIt()
    {
        using X509Certificate2 certificate = SigningSamples.FreshCertificate();
        byte[] uki = SigningSamples.Uki();

        string[] without = SignedAttributes(AuthenticodeSigner.Sign(uki, certificate));
        string[] with = SignedAttributes(AuthenticodeSigner.Sign(uki, certificate, SigningSamples.SigningTime));

        const string contentType = "1.2.840.113549.1.9.3", messageDigest = "1.2.840.113549.1.9.4", signingTime = "1.2.840.113549.1.9.5";
        const string opusInfo = "1.3.6.1.4.1.311.2.1.12";
        Assert.Equal(new[] { contentType, messageDigest, opusInfo }.Order(), without.Order());
        Assert.Equal(new[] { contentType, messageDigest, opusInfo, signingTime }.Order(), with.Order());
    }

    [Fact]
    public void Sign_AlreadySigned_IsRefused()
    {
        using X509Certificate2 certificate = SigningSamples.FreshCertificate();
        byte[] signed = AuthenticodeSigner.Sign(SigningSamples.Uki(), certificate);

        var e = Assert.Throws<InvalidDataException>(() => AuthenticodeSigner.Sign(signed, certificate));
        Assert.Contains("already signed", e.Message);
    }

    [Fact]
    public void Sign_CertificateWithoutPrivateKey_IsRefused()
    {
        using X509Certificate2 withKey = SigningSamples.FreshCertificate();
        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);

        var e = Assert.Throws<InvalidDataException>(() => AuthenticodeSigner.Sign(SigningSamples.Uki(), publicOnly));
        Assert.Contains("no private key", e.Message);
    }

    [Fact]
    public void Sign_EcdsaCertificate_IsRefused()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 certificate = new CertificateRequest("CN=ecdsa", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(SigningSamples.SigningTime, SigningSamples.SigningTime.AddYears(1));

        var e = Assert.Throws<InvalidDataException>(() => AuthenticodeSigner.Sign(SigningSamples.Uki(), certificate));
        Assert.Contains("needs RSA", e.Message);
    }

    [Fact]
    public void Sign_Pe32Image_IsRefused()
    {
        using X509Certificate2 certificate = SigningSamples.FreshCertificate();
        byte[] uki = SigningSamples.Uki();
        PeImage image = PeImage.Parse(uki);
        BinaryPrimitives.WriteUInt16LittleEndian(uki.AsSpan(image.OptionalHeaderOffset), PeOptionalHeader.Pe32Magic);

        var e = Assert.Throws<InvalidDataException>(() => AuthenticodeSigner.Sign(uki, certificate));
        Assert.Contains("PE32+", e.Message);
    }

    private static string[] SignedAttributes(byte[] signed)
    {
        System.Security.Cryptography.Pkcs.SignedCms cms = SigningSamples.DecodeSignature(signed);
        return cms.SignerInfos[0].SignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>().Select(a => a.Oid.Value!).ToArray();
    }
}
