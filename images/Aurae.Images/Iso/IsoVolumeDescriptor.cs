namespace Aurae.Images.Iso;

/// <summary>The header every volume descriptor starts with (ECMA-119 §8.1) and the set terminator (§8.3).</summary>
internal static class IsoVolumeDescriptor
{
    /// <summary>§6.2.1: the system area is sectors 0-15; the descriptor set starts at sector 16.</summary>
    public const int FirstDescriptorLba = 16;

    /// <summary>§8.1.1 Volume Descriptor Type: Boot Record (§8.2).</summary>
    public const byte TypeBootRecord = 0;

    /// <summary>§8.1.1 Volume Descriptor Type: Primary Volume Descriptor (§8.4).</summary>
    public const byte TypePrimary = 1;

    /// <summary>§8.1.1 Volume Descriptor Type: Volume Descriptor Set Terminator (§8.3).</summary>
    public const byte TypeTerminator = 255;

    /// <summary>§8.1.2 Standard Identifier.</summary>
    public const string StandardIdentifier = "CD001";

    /// <summary>§8.1.3 Volume Descriptor Version.</summary>
    public const byte Version = 1;

    private const int TypeOffset = 0;
    private const int StandardIdentifierOffset = 1;
    private const int VersionOffset = 6;

    /// <summary>Clears <paramref name="sector"/> and writes type, "CD001" and version.</summary>
    public static void WriteHeader(Span<byte> sector, byte type)
    {
        sector.Clear();
        sector[TypeOffset] = type;
        IsoBinary.WritePaddedString(sector.Slice(StandardIdentifierOffset, StandardIdentifier.Length), StandardIdentifier);
        sector[VersionOffset] = Version;
    }

    /// <summary>§8.3: a terminator is the header and zeros.</summary>
    public static void WriteTerminator(Span<byte> sector) => WriteHeader(sector, TypeTerminator);
}
