using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Images.Authenticode;

/// <summary>
/// The PKCS#7 SignedData of an Authenticode signature ("Windows Authenticode Portable Executable Signature
/// Format", "SignedData"): content type SPC_INDIRECT_DATA, SHA-256 with RSA PKCS#1 v1.5, the signer's
/// certificate, authenticated attributes contentType, messageDigest, SpcSpOpusInfo and, only when given,
/// signingTime. RSA PKCS#1 v1.5 and DER are deterministic, so the same input, key and time give the same bytes.
/// </summary>
internal static class AuthenticodeSignedData
{
    /// <summary>SignedData version 1, as the Authenticode spec requires (CMS would say 3 for a non-data content type).</summary>
    private const int Version = 1;

    /// <summary>An empty SpcSpOpusInfo SEQUENCE (no program name, no URL), as osslsigncode writes by default.</summary>
    private static ReadOnlySpan<byte> EmptySpcSpOpusInfo => [0x30, 0x00];

    /// <summary>[0] EXPLICIT, the tag of ContentInfo's content and of EncapsulatedContentInfo's eContent.</summary>
    private static readonly Asn1Tag ExplicitZero = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>Signs <paramref name="indirectData"/> (a DER SpcIndirectDataContent) and returns the DER ContentInfo.</summary>
    public static byte[] Sign(byte[] indirectData, X509Certificate2 certificate, RSA privateKey, DateTimeOffset? signingTime)
    {
        // PKCS#7 (unlike CMS) puts the content in eContent as itself, not in an OCTET STRING, and the
        // messageDigest attribute hashes only the content's value bytes, without the SEQUENCE tag and length.
        // SignedCms writes the CMS form, so it signs the value bytes detached and the content goes in afterwards:
        // eContent is not covered by the signature, only the attributes are.
        ReadOnlyMemory<byte> value = new AsnReader(indirectData, AsnEncodingRules.DER).PeekContentBytes();
        var cms = new SignedCms(new ContentInfo(new Oid(AuthenticodeOids.SpcIndirectDataContent, null), value.ToArray()), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate, privateKey)
        {
            DigestAlgorithm = new Oid(AuthenticodeOids.Sha256, null),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new AsnEncodedData(new Oid(AuthenticodeOids.SpcSpOpusInfo, null), EmptySpcSpOpusInfo));
        if (signingTime is { } time)
        {
            signer.SignedAttributes.Add(new Pkcs9SigningTime(time.UtcDateTime));
        }

        cms.ComputeSignature(signer, silent: true);
        return Attach(cms.Encode(), indirectData);
    }

    /// <summary>Rewrites the detached ContentInfo with version 1 and <paramref name="indirectData"/> as eContent.</summary>
    private static byte[] Attach(byte[] detached, byte[] indirectData)
    {
        AsnReader contentInfo = new AsnReader(detached, AsnEncodingRules.DER).ReadSequence();
        contentInfo.ReadObjectIdentifier();
        AsnReader signedData = contentInfo.ReadSequence(ExplicitZero).ReadSequence();
        signedData.ReadInteger();
        ReadOnlyMemory<byte> digestAlgorithms = signedData.ReadEncodedValue();
        signedData.ReadSequence(); // The detached EncapsulatedContentInfo, replaced below.
        var rest = new List<ReadOnlyMemory<byte>>();
        while (signedData.HasData)
        {
            rest.Add(signedData.ReadEncodedValue()); // certificates [0], signerInfos
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(AuthenticodeOids.SignedData);
            using (writer.PushSequence(ExplicitZero))
            using (writer.PushSequence())
            {
                writer.WriteInteger(Version);
                writer.WriteEncodedValue(digestAlgorithms.Span);
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(AuthenticodeOids.SpcIndirectDataContent);
                    using (writer.PushSequence(ExplicitZero))
                    {
                        writer.WriteEncodedValue(indirectData);
                    }
                }

                foreach (ReadOnlyMemory<byte> field in rest)
                {
                    writer.WriteEncodedValue(field.Span);
                }
            }
        }

        return writer.Encode();
    }
}
