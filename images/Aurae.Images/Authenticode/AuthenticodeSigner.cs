using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Images.Pe;

namespace Aurae.Images.Authenticode;

/// <summary>
/// Signs a PE32+ image for UEFI Secure Boot the way sbsign and osslsigncode do: the image, zero-padded to
/// 8 bytes, gets one WIN_CERTIFICATE holding an Authenticode SignedData over its image hash, appended at
/// the end; the Certificate Table directory points at it and the CheckSum is recomputed.
/// </summary>
public static class AuthenticodeSigner
{
    /// <summary>
    /// Returns the signed image. <paramref name="certificate"/> must carry its RSA private key; a
    /// <paramref name="signingTime"/> adds a signingTime attribute, none keeps the signature independent of
    /// the clock. Throws <see cref="InvalidDataException"/> for a signed or non-PE32+ image or an unusable certificate.
    /// </summary>
    public static byte[] Sign(ReadOnlyMemory<byte> image, X509Certificate2 certificate, DateTimeOffset? signingTime = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidDataException($"The signing certificate '{certificate.Subject}' has no private key.");
        }

        using RSA privateKey = certificate.GetRSAPrivateKey()
            ?? throw new InvalidDataException(
                $"The signing certificate '{certificate.Subject}' has a {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value} key; Authenticode signing here needs RSA.");

        PeImage unsigned = PeImage.Parse(PadToCertificateAlignment(ParseForSigning(image)));
        byte[] indirectData = SpcIndirectDataContent.Encode(AuthenticodeImageHash.Compute(unsigned));
        byte[] entry = WinCertificate.Encode(AuthenticodeSignedData.Sign(indirectData, certificate, privateKey, signingTime));

        var signed = new byte[unsigned.Data.Length + entry.Length];
        unsigned.Data.Span.CopyTo(signed);
        entry.CopyTo(signed.AsSpan(unsigned.Data.Length));
        new PeDataDirectory((uint)unsigned.Data.Length, (uint)entry.Length)
            .Write(signed.AsSpan(unsigned.DataDirectoryOffset(PeDataDirectory.CertificateTableIndex)));
        PeImage result = PeImage.Parse(signed);
        BinaryPrimitives.WriteUInt32LittleEndian(signed.AsSpan(result.CheckSumOffset), PeChecksum.Compute(result));
        return signed;
    }

    private static PeImage ParseForSigning(ReadOnlyMemory<byte> image)
    {
        PeImage parsed;
        try
        {
            parsed = PeImage.Parse(image);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Only PE32+ images can be signed: {e.Message}", e);
        }

        if (!parsed.CertificateTable.IsEmpty)
        {
            // A second signature would have to be nested in the first one; sbsign refuses too without --detached.
            throw new InvalidDataException(
                $"The PE image is already signed (its certificate table 0x{parsed.CertificateTable.VirtualAddress:X}+0x{parsed.CertificateTable.Size:X} is not empty).");
        }

        return parsed;
    }

    /// <summary>
    /// The image with zeros up to a multiple of 8 bytes, where the certificate table must start. The padding
    /// is hashed as trailing data, which is how sbsign and osslsigncode hash it.
    /// </summary>
    private static ReadOnlyMemory<byte> PadToCertificateAlignment(PeImage image)
    {
        int length = image.Data.Length;
        int padded = (length + WinCertificate.Alignment - 1) / WinCertificate.Alignment * WinCertificate.Alignment;
        if (padded == length)
        {
            return image.Data;
        }

        var bytes = new byte[padded];
        image.Data.Span.CopyTo(bytes);
        return bytes;
    }
}
