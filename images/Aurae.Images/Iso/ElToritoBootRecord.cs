using System.Buffers.Binary;

namespace Aurae.Images.Iso;

/// <summary>The El Torito Boot Record Volume Descriptor (El Torito 1.0 §2.0), at sector 17: points to the boot catalog.</summary>
internal static class ElToritoBootRecord
{
    /// <summary>The descriptor directly follows the Primary Volume Descriptor.</summary>
    public const int Lba = IsoVolumeDescriptor.FirstDescriptorLba + 1;

    /// <summary>Boot System Identifier at bytes 7-38, padded with zeros.</summary>
    private const string BootSystemIdentifier = "EL TORITO SPECIFICATION";
    private const int BootSystemIdentifierOffset = 7;
    private const int BootSystemIdentifierLength = 32;

    /// <summary>Absolute pointer to the first sector of the boot catalog, little-endian, at bytes 71-74.</summary>
    private const int CatalogLbaOffset = 71;

    public static void Write(Span<byte> sector, uint catalogLba)
    {
        IsoVolumeDescriptor.WriteHeader(sector, IsoVolumeDescriptor.TypeBootRecord);
        IsoBinary.WritePaddedString(sector.Slice(BootSystemIdentifierOffset, BootSystemIdentifierLength), BootSystemIdentifier, fill: 0);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[CatalogLbaOffset..], catalogLba);
    }
}
