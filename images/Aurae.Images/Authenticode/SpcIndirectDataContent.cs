using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Aurae.Images.Authenticode;

/// <summary>
/// The content an Authenticode signature signs ("Windows Authenticode Portable Executable Signature Format",
/// "SpcIndirectDataContent"), DER-encoded:
/// <code>
/// SpcIndirectDataContent ::= SEQUENCE { data SpcAttributeTypeAndOptionalValue, messageDigest DigestInfo }
/// SpcAttributeTypeAndOptionalValue ::= SEQUENCE { type OBJECT IDENTIFIER, value SpcPeImageData }
/// SpcPeImageData ::= SEQUENCE { flags BIT STRING, file [0] EXPLICIT SpcLink }
/// SpcLink ::= CHOICE { ..., file [2] EXPLICIT SpcString }   SpcString ::= CHOICE { unicode [0] IMPLICIT BMPString, ... }
/// DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier, digest OCTET STRING }
/// </code>
/// </summary>
public static class SpcIndirectDataContent
{
    /// <summary>
    /// The SpcLink file name signtool and sbsign write: the spec calls the link obsolete, and writing
    /// exactly this keeps our content byte-identical to theirs.
    /// </summary>
    private const string ObsoleteFileLink = "<<<Obsolete>>>";

    /// <summary>Encodes the content for a SHA-256 <paramref name="imageHash"/> (see <see cref="AuthenticodeImageHash"/>).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> imageHash)
    {
        if (imageHash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A SHA-256 image hash is {SHA256.HashSizeInBytes} bytes, not {imageHash.Length}.", nameof(imageHash));
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(AuthenticodeOids.SpcPeImageData);
                using (writer.PushSequence())
                {
                    // SpcPeImageFlags: no bits set, as signtool and sbsign write it (03 01 00).
                    writer.WriteBitString([]);
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
                    {
                        writer.WriteCharacterString(UniversalTagNumber.BMPString, ObsoleteFileLink, new Asn1Tag(TagClass.ContextSpecific, 0));
                    }
                }
            }

            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(AuthenticodeOids.Sha256);
                    // Parameters NULL, as signtool writes them (RFC 5754 allows them absent too).
                    writer.WriteNull();
                }

                writer.WriteOctetString(imageHash);
            }
        }

        return writer.Encode();
    }
}
