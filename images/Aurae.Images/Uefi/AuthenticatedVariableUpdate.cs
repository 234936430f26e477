using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Aurae.Images.Authenticode;

namespace Aurae.Images.Uefi;

/// <summary>
/// A time-based authenticated write of a Secure Boot variable (UEFI 2.10 §8.2.2,
/// EFI_VARIABLE_AUTHENTICATION_2): what a firmware in setup mode, or one holding the signer's
/// key in PK (for PK and KEK) or KEK (for db), accepts through SetVariable — the "PK.auth",
/// "KEK.auth" and "db.auth" files KeyTool, efi-updatevar and firmware menus enroll.
/// Written as efitools' sign-efi-sig-list writes it: the descriptor's EFI_TIME, a
/// WIN_CERTIFICATE_UEFI_GUID holding a detached PKCS#7 SignedData (SHA-256, no signed
/// attributes, the signer's certificate included, without the ContentInfo wrapper), then the data.
/// </summary>
public static class AuthenticatedVariableUpdate
{
    /// <summary>EFI_VARIABLE_NON_VOLATILE | BOOTSERVICE_ACCESS | RUNTIME_ACCESS | TIME_BASED_AUTHENTICATED_WRITE_ACCESS (§8.2).</summary>
    public const uint SecureBootVariableAttributes = 0x01 | 0x02 | 0x04 | 0x20;

    /// <summary>EFI_VARIABLE_APPEND_WRITE (§8.2): add to db instead of replacing it.</summary>
    public const uint AppendWrite = 0x40;

    // WIN_CERTIFICATE_UEFI_GUID (§32.2.4): the WIN_CERTIFICATE header Authenticode uses too, with this
    // type, then CertType (16).
    private const ushort WinCertTypeEfiGuid = 0x0EF1;
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    private const string DataContentTypeOid = "1.2.840.113549.1.7.1";

    /// <summary>
    /// The bytes the signature covers (§8.2.2): the variable's name in UCS-2 without its NUL,
    /// its vendor GUID, its attributes, the descriptor's EFI_TIME, and the new data.
    /// </summary>
    public static byte[] SignedBundle(string variableName, Guid vendor, uint attributes, DateTimeOffset timestamp, ReadOnlySpan<byte> data)
    {
        var name = Encoding.Unicode.GetBytes(variableName);
        var bundle = new byte[name.Length + 16 + 4 + EfiTime.Size + data.Length];
        var at = 0;
        name.CopyTo(bundle, at);
        at += name.Length;
        EfiGuidBytes.Write(vendor, bundle.AsSpan(at, 16));
        at += 16;
        BinaryPrimitives.WriteUInt32LittleEndian(bundle.AsSpan(at), attributes);
        at += 4;
        EfiTime.Write(timestamp, bundle.AsSpan(at));
        at += EfiTime.Size;
        data.CopyTo(bundle.AsSpan(at));
        return bundle;
    }

    /// <summary>The .auth file: descriptor and data, signed by <paramref name="signer"/> (an RSA key with its certificate).</summary>
    /// <exception cref="ArgumentException">The certificate has no RSA private key.</exception>
    public static byte[] Create(string variableName, Guid vendor, uint attributes, DateTimeOffset timestamp,
        ReadOnlySpan<byte> data, X509Certificate2 signer)
    {
        if (!signer.HasPrivateKey || signer.GetRSAPrivateKey() is null)
            throw new ArgumentException($"the certificate '{signer.Subject}' has no RSA private key to sign {variableName} with", nameof(signer));
        var signedData = DetachedSignedData(SignedBundle(variableName, vendor, attributes, timestamp, data), signer);

        var certificateLength = WinCertificate.HeaderLength + 16 + signedData.Length;
        var output = new byte[EfiTime.Size + certificateLength + data.Length];
        EfiTime.Write(timestamp, output);
        var header = output.AsSpan(EfiTime.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)certificateLength);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], WinCertificate.Revision2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], WinCertTypeEfiGuid);
        EfiGuidBytes.Write(EfiGuids.CertTypePkcs7, header.Slice(WinCertificate.HeaderLength, 16));
        signedData.CopyTo(header[(WinCertificate.HeaderLength + 16)..]);
        data.CopyTo(output.AsSpan(EfiTime.Size + certificateLength));
        return output;
    }

    /// <summary>
    /// PKCS#7 SignedData (RFC 2315 §9.1) over <paramref name="content"/>, detached, with no
    /// authenticated attributes, so the RSA PKCS#1 v1.5 signature is over the content's own digest
    /// and signing is reproducible. Written field by field rather than with SignedCms, which leaves
    /// out the NULL parameters of sha256 and rsaEncryption that OpenSSL (and so sign-efi-sig-list,
    /// and the firmware's verifier) writes: the same key and time give sign-efi-sig-list's bytes.
    /// </summary>
    private static byte[] DetachedSignedData(byte[] content, X509Certificate2 signer)
    {
        var signature = signer.GetRSAPrivateKey()!.SignData(content, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1); // version
            using (writer.PushSetOf())
                WriteAlgorithm(writer, Sha256Oid);
            using (writer.PushSequence())
                writer.WriteObjectIdentifier(DataContentTypeOid); // detached: no content
            using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0)))
                writer.WriteEncodedValue(signer.RawData);
            using (writer.PushSetOf())
            using (writer.PushSequence())
            {
                writer.WriteInteger(1); // version: issuerAndSerialNumber
                using (writer.PushSequence())
                {
                    writer.WriteEncodedValue(signer.IssuerName.RawData);
                    writer.WriteInteger(signer.SerialNumberBytes.Span);
                }
                WriteAlgorithm(writer, Sha256Oid);
                WriteAlgorithm(writer, RsaEncryptionOid);
                writer.WriteOctetString(signature);
            }
        }
        return writer.Encode();
    }

    /// <summary>AlgorithmIdentifier with NULL parameters, as OpenSSL writes sha256 and rsaEncryption.</summary>
    private static void WriteAlgorithm(AsnWriter writer, string oid)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteNull();
        }
    }
}
