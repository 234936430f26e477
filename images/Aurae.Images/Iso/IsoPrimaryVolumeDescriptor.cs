using System.Buffers.Binary;

namespace Aurae.Images.Iso;

/// <summary>The Primary Volume Descriptor (ECMA-119 §8.4), recorded at sector 16.</summary>
internal sealed record IsoPrimaryVolumeDescriptor(
    string VolumeIdentifier,
    uint VolumeSpaceSize,
    uint PathTableSize,
    uint TypeLPathTableLba,
    uint TypeMPathTableLba,
    uint RootDirectoryLba,
    uint RootDirectoryLength,
    DateTimeOffset Timestamp)
{
    // --- Field offsets, ECMA-119 §8.4 (byte positions minus one). ---
    private const int SystemIdentifierOffset = 8;            // §8.4.5, 32 a-characters
    private const int SystemIdentifierLength = 32;
    private const int VolumeIdentifierOffset = 40;           // §8.4.6, 32 d-characters
    public const int VolumeIdentifierLength = 32;
    private const int VolumeSpaceSizeOffset = 80;            // §8.4.8, both-endian 32
    private const int VolumeSetSizeOffset = 120;             // §8.4.10, both-endian 16
    private const int VolumeSequenceNumberOffset = 124;      // §8.4.11, both-endian 16
    private const int LogicalBlockSizeOffset = 128;          // §8.4.12, both-endian 16
    private const int PathTableSizeOffset = 132;             // §8.4.13, both-endian 32
    private const int TypeLPathTableOffset = 140;            // §8.4.14, little-endian 32
    private const int OptionalTypeLPathTableOffset = 144;    // §8.4.15
    private const int TypeMPathTableOffset = 148;            // §8.4.16, big-endian 32
    private const int OptionalTypeMPathTableOffset = 152;    // §8.4.17
    private const int RootDirectoryRecordOffset = 156;       // §8.4.18, 34 bytes
    private const int VolumeSetIdentifierOffset = 190;       // §8.4.19, 128 d-characters
    private const int VolumeSetIdentifierLength = 128;
    private const int PublisherIdentifierOffset = 318;       // §8.4.20, 128 a-characters
    private const int DataPreparerIdentifierOffset = 446;    // §8.4.21
    private const int ApplicationIdentifierOffset = 574;     // §8.4.22
    private const int LongIdentifierLength = 128;
    private const int CopyrightFileIdentifierOffset = 702;   // §8.4.23, 37 bytes
    private const int AbstractFileIdentifierOffset = 739;    // §8.4.24
    private const int BibliographicFileIdentifierOffset = 776; // §8.4.25
    private const int FileIdentifierFieldLength = 37;
    private const int CreationTimeOffset = 813;              // §8.4.26
    private const int ModificationTimeOffset = 830;          // §8.4.27
    private const int ExpirationTimeOffset = 847;            // §8.4.28
    private const int EffectiveTimeOffset = 864;             // §8.4.29
    private const int FileStructureVersionOffset = 881;      // §8.4.30

    /// <summary>§8.4.30 File Structure Version.</summary>
    private const byte FileStructureVersion = 1;

    /// <summary>Writes the descriptor into a 2048-byte sector.</summary>
    public void Write(Span<byte> sector)
    {
        IsoVolumeDescriptor.WriteHeader(sector, IsoVolumeDescriptor.TypePrimary);
        IsoBinary.WritePaddedString(sector.Slice(SystemIdentifierOffset, SystemIdentifierLength), string.Empty);
        IsoBinary.WritePaddedString(sector.Slice(VolumeIdentifierOffset, VolumeIdentifierLength), VolumeIdentifier);
        IsoBinary.WriteBothEndian32(sector[VolumeSpaceSizeOffset..], VolumeSpaceSize);
        IsoBinary.WriteBothEndian16(sector[VolumeSetSizeOffset..], 1);
        IsoBinary.WriteBothEndian16(sector[VolumeSequenceNumberOffset..], IsoDirectoryRecord.VolumeSequenceNumber);
        IsoBinary.WriteBothEndian16(sector[LogicalBlockSizeOffset..], IsoBinary.SectorSize);
        IsoBinary.WriteBothEndian32(sector[PathTableSizeOffset..], PathTableSize);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[TypeLPathTableOffset..], TypeLPathTableLba);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[OptionalTypeLPathTableOffset..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(sector[TypeMPathTableOffset..], TypeMPathTableLba);
        BinaryPrimitives.WriteUInt32BigEndian(sector[OptionalTypeMPathTableOffset..], 0);
        IsoDirectoryRecord.Write(sector[RootDirectoryRecordOffset..], RootDirectoryLba, RootDirectoryLength, Timestamp,
            isDirectory: true, IsoDirectoryRecord.SelfIdentifier, systemUse: []);
        IsoBinary.WritePaddedString(sector.Slice(VolumeSetIdentifierOffset, VolumeSetIdentifierLength), string.Empty);
        IsoBinary.WritePaddedString(sector.Slice(PublisherIdentifierOffset, LongIdentifierLength), string.Empty);
        IsoBinary.WritePaddedString(sector.Slice(DataPreparerIdentifierOffset, LongIdentifierLength), string.Empty);
        IsoBinary.WritePaddedString(sector.Slice(ApplicationIdentifierOffset, LongIdentifierLength), string.Empty);
        IsoBinary.WritePaddedString(sector.Slice(CopyrightFileIdentifierOffset, FileIdentifierFieldLength), string.Empty);
        IsoBinary.WritePaddedString(sector.Slice(AbstractFileIdentifierOffset, FileIdentifierFieldLength), string.Empty);
        IsoBinary.WritePaddedString(sector.Slice(BibliographicFileIdentifierOffset, FileIdentifierFieldLength), string.Empty);
        IsoDateTime.WriteVolumeTime(sector[CreationTimeOffset..], Timestamp);
        IsoDateTime.WriteVolumeTime(sector[ModificationTimeOffset..], Timestamp);
        IsoDateTime.WriteVolumeTime(sector[ExpirationTimeOffset..], null);
        IsoDateTime.WriteVolumeTime(sector[EffectiveTimeOffset..], null);
        sector[FileStructureVersionOffset] = FileStructureVersion;
    }
}
