using System.Text;

namespace Aurae.Images.Iso;

/// <summary>
/// Entries of the System Use Sharing Protocol (SUSP 1.12, IEEE P1281) that Rock Ridge builds on: SP marks the
/// protocol in the root's "." record, CE continues a System Use field in another sector, ER names an extension.
/// Every entry starts with a two-letter signature, its length and its version (SUSP §4.1).
/// </summary>
internal static class SystemUseSharing
{
    /// <summary>SUSP §5.3: SP entry length, with check bytes BE EF and LEN_SKP 0.</summary>
    public const int SpLength = 7;

    /// <summary>SUSP §5.1: CE entry length: header and three both-endian 32-bit fields.</summary>
    public const int CeLength = 28;

    // The entry header, SUSP §4.1: signature word, length, system use entry version.
    private const int SignatureOffset = 0;
    private const int LengthOffset = 2;
    private const int VersionOffset = 3;

    // Fields after the 4-byte entry header (signature, length, version; SUSP §4.1).
    private const int SpCheckBytesOffset = 4;
    private const int SpLenSkpOffset = 6;
    private const int CeBlockOffset = 4;
    private const int CeOffsetOffset = 12;
    private const int CeLengthOffset = 20;
    private const int ErIdentifierLengthOffset = 4;
    private const int ErDescriptorLengthOffset = 5;
    private const int ErSourceLengthOffset = 6;
    private const int ErExtensionVersionOffset = 7;

    /// <summary>SUSP §5.5: ER header length before the identifier, descriptor and source texts.</summary>
    private const int ErFixedLength = 8;

    private const byte EntryVersion = 1;
    private const byte SpCheckByte1 = 0xBE;
    private const byte SpCheckByte2 = 0xEF;

    /// <summary>SUSP §5.3 "SP": the protocol is in use, and no bytes are skipped before the entries.</summary>
    public static byte[] Sp()
    {
        byte[] entry = Header("SP", SpLength);
        entry[SpCheckBytesOffset] = SpCheckByte1;
        entry[SpCheckBytesOffset + 1] = SpCheckByte2;
        entry[SpLenSkpOffset] = 0;
        return entry;
    }

    /// <summary>SUSP §5.1 "CE": the field continues at <paramref name="offset"/> of sector <paramref name="lba"/>.</summary>
    public static void WriteCe(Span<byte> destination, uint lba, uint offset, uint length)
    {
        Header("CE", CeLength).CopyTo(destination);
        IsoBinary.WriteBothEndian32(destination[CeBlockOffset..], lba);
        IsoBinary.WriteBothEndian32(destination[CeOffsetOffset..], offset);
        IsoBinary.WriteBothEndian32(destination[CeLengthOffset..], length);
    }

    /// <summary>SUSP §5.5 "ER": declares an extension by identifier, descriptor, source and version.</summary>
    public static byte[] Er(string identifier, string descriptor, string source, byte extensionVersion)
    {
        byte[] id = Encoding.ASCII.GetBytes(identifier);
        byte[] des = Encoding.ASCII.GetBytes(descriptor);
        byte[] src = Encoding.ASCII.GetBytes(source);
        int length = ErFixedLength + id.Length + des.Length + src.Length;
        if (length > byte.MaxValue)
        {
            throw new ArgumentException($"An ER entry of {length} bytes does not fit its one-byte length field.", nameof(descriptor));
        }

        byte[] entry = Header("ER", length);
        entry[ErIdentifierLengthOffset] = (byte)id.Length;
        entry[ErDescriptorLengthOffset] = (byte)des.Length;
        entry[ErSourceLengthOffset] = (byte)src.Length;
        entry[ErExtensionVersionOffset] = extensionVersion;
        id.CopyTo(entry, ErFixedLength);
        des.CopyTo(entry, ErFixedLength + id.Length);
        src.CopyTo(entry, ErFixedLength + id.Length + des.Length);
        return entry;
    }

    /// <summary>A zeroed entry with its signature, length and version set.</summary>
    public static byte[] Header(string signature, int length)
    {
        var entry = new byte[length];
        entry[SignatureOffset] = (byte)signature[0];
        entry[SignatureOffset + 1] = (byte)signature[1];
        entry[LengthOffset] = (byte)length;
        entry[VersionOffset] = EntryVersion;
        return entry;
    }
}
