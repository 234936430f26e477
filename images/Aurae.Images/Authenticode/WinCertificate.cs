using System.Buffers.Binary;

namespace Aurae.Images.Authenticode;

/// <summary>
/// One entry of the attribute certificate table (PE/COFF specification, section 4.7 "The Attribute
/// Certificate Table (Image Only)"): WIN_CERTIFICATE { DWORD dwLength; WORD wRevision; WORD
/// wCertificateType; BYTE bCertificate[]; }, padded with zeros to a multiple of 8 bytes.
/// </summary>
public static class WinCertificate
{
    /// <summary>dwLength, wRevision and wCertificateType.</summary>
    public const int HeaderLength = 8;

    /// <summary>Entries start and end on 8-byte boundaries ("quadword aligned", section 4.7).</summary>
    public const int Alignment = 8;

    /// <summary>WIN_CERT_REVISION_2_0, the revision Authenticode uses.</summary>
    public const ushort Revision2 = 0x0200;

    /// <summary>WIN_CERT_TYPE_PKCS_SIGNED_DATA: bCertificate is a PKCS#7 SignedData.</summary>
    public const ushort TypePkcsSignedData = 0x0002;

    private const int LengthOffset = 0;
    private const int RevisionOffset = 4;
    private const int CertificateTypeOffset = 6;

    /// <summary>
    /// The entry for <paramref name="signedData"/> (a DER ContentInfo). dwLength counts the padding, as
    /// osslsigncode writes it, so that the entry fills the Certificate Table directory's Size exactly.
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<byte> signedData)
    {
        int length = checked(HeaderLength + signedData.Length + Alignment - 1) / Alignment * Alignment;
        var entry = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(LengthOffset), (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(RevisionOffset), Revision2);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(CertificateTypeOffset), TypePkcsSignedData);
        signedData.CopyTo(entry.AsSpan(HeaderLength));
        return entry;
    }
}
