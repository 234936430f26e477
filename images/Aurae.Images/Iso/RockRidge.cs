namespace Aurae.Images.Iso;

/// <summary>
/// Rock Ridge Interchange Protocol 1.12 (IEEE P1282) entries: PX (POSIX attributes with file serial number) and
/// NM (the original name), and the ER entry that declares the protocol in the root directory.
/// </summary>
internal static class RockRidge
{
    /// <summary>RRIP 1.12 §4.1.1: PX with mode, links, uid, gid and serial number, each both-endian 32-bit.</summary>
    public const int PxLength = 44;

    // PX fields (RRIP 1.12 §4.1.1), each both-endian 32-bit, after the 4-byte entry header.
    private const int PxModeOffset = 4;
    private const int PxLinksOffset = 12;
    private const int PxUserIdOffset = 20;
    private const int PxGroupIdOffset = 28;
    private const int PxSerialNumberOffset = 36;

    /// <summary>RRIP 1.12 §4.1.4: NM header (entry header and FLAGS) before the name bytes.</summary>
    public const int NmHeaderLength = 5;

    /// <summary>Longest name part one NM entry holds: the entry length is one byte.</summary>
    public const int MaxNmNameBytes = byte.MaxValue - NmHeaderLength;

    private const int NmFlagsOffset = 4;

    /// <summary>RRIP 1.12 §4.1.4 NM flag: the name continues in the next NM entry.</summary>
    private const byte NmContinue = 0x01;

    // RRIP 1.12 §5.3: the ER texts that identify this version of the protocol.
    public const string ExtensionIdentifier = "IEEE_P1282";
    public const string ExtensionDescriptor = "THE IEEE P1282 PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS.";
    public const string ExtensionSource = "PLEASE CONTACT THE IEEE STANDARDS DEPARTMENT, PISCATAWAY, NJ, USA FOR THE P1282 SPECIFICATION.";
    public const byte ExtensionVersion = 1;

    // POSIX file type bits of st_mode (RRIP 1.12 §4.1.1 refers to POSIX.1 §5.6.1).
    private const uint TypeDirectory = 0x4000; // S_IFDIR 0040000
    private const uint TypeRegular = 0x8000;   // S_IFREG 0100000

    /// <summary>The ER entry for RRIP 1.12, recorded in the root directory's "." System Use area.</summary>
    public static byte[] Er() => SystemUseSharing.Er(ExtensionIdentifier, ExtensionDescriptor, ExtensionSource, ExtensionVersion);

    /// <summary>RRIP 1.12 §4.1.1 "PX": file mode (type and permissions), link count, owner root, serial number.</summary>
    public static byte[] Px(UnixFileMode permissions, bool isDirectory, uint links, uint serialNumber)
    {
        byte[] entry = SystemUseSharing.Header("PX", PxLength);
        uint mode = (uint)permissions | (isDirectory ? TypeDirectory : TypeRegular);
        IsoBinary.WriteBothEndian32(entry.AsSpan(PxModeOffset), mode);
        IsoBinary.WriteBothEndian32(entry.AsSpan(PxLinksOffset), links);
        IsoBinary.WriteBothEndian32(entry.AsSpan(PxUserIdOffset), 0);
        IsoBinary.WriteBothEndian32(entry.AsSpan(PxGroupIdOffset), 0);
        IsoBinary.WriteBothEndian32(entry.AsSpan(PxSerialNumberOffset), serialNumber);
        return entry;
    }

    /// <summary>RRIP 1.12 §4.1.4 "NM": the name, split over several entries with CONTINUE when longer than one holds.</summary>
    public static byte[] Nm(ReadOnlySpan<byte> name)
    {
        using var buffer = new MemoryStream();
        do
        {
            int part = Math.Min(name.Length, MaxNmNameBytes);
            byte[] entry = SystemUseSharing.Header("NM", NmHeaderLength + part);
            entry[NmFlagsOffset] = part < name.Length ? NmContinue : (byte)0;
            name[..part].CopyTo(entry.AsSpan(NmHeaderLength));
            buffer.Write(entry);
            name = name[part..];
        }
        while (!name.IsEmpty);

        return buffer.ToArray();
    }
}
