using System.Buffers.Binary;
using Aurae.Images.Checksums;

namespace Aurae.Images.Partitioning;

/// <summary>
/// The GPT header (UEFI 2.x §5.3.2, table "GPT Header"): 92 bytes at the start of a sector, the rest of
/// the sector zero. The primary copy sits at LBA 1, the backup at the last LBA with MyLBA/AlternateLBA and
/// PartitionEntryLBA swapped.
/// </summary>
internal readonly record struct GptHeader(
    long MyLba,
    long AlternateLba,
    long FirstUsableLba,
    long LastUsableLba,
    Guid DiskGuid,
    long PartitionEntryLba,
    uint NumberOfPartitionEntries,
    uint SizeOfPartitionEntry,
    uint PartitionEntryArrayCrc32)
{
    // --- Field offsets, UEFI 2.x §5.3.2. ---
    public const int SignatureOffset = 0;
    public const int RevisionOffset = 8;
    public const int HeaderSizeOffset = 12;
    public const int HeaderCrc32Offset = 16;
    public const int ReservedOffset = 20;
    public const int MyLbaOffset = 24;
    public const int AlternateLbaOffset = 32;
    public const int FirstUsableLbaOffset = 40;
    public const int LastUsableLbaOffset = 48;
    public const int DiskGuidOffset = 56;
    public const int PartitionEntryLbaOffset = 72;
    public const int NumberOfPartitionEntriesOffset = 80;
    public const int SizeOfPartitionEntryOffset = 84;
    public const int PartitionEntryArrayCrc32Offset = 88;

    /// <summary>HeaderSize: the bytes covered by the header CRC (everything after is reserved zero).</summary>
    public const int Size = 92;

    /// <summary>"EFI PART", the Signature field.</summary>
    public static ReadOnlySpan<byte> Signature => "EFI PART"u8;

    /// <summary>Revision 1.0, the only revision defined.</summary>
    public const uint Revision = 0x00010000;

    /// <summary>Encodes the header into a zeroed sector of <paramref name="sectorSize"/> bytes, computing HeaderCRC32.</summary>
    public byte[] ToSector(int sectorSize)
    {
        var sector = new byte[sectorSize];
        Span<byte> header = sector.AsSpan(0, Size);
        Signature.CopyTo(header[SignatureOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[RevisionOffset..], Revision);
        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderSizeOffset..], Size);
        // HeaderCRC32 (16) and Reserved (20) stay zero while the CRC is computed.
        BinaryPrimitives.WriteUInt64LittleEndian(header[MyLbaOffset..], checked((ulong)MyLba));
        BinaryPrimitives.WriteUInt64LittleEndian(header[AlternateLbaOffset..], checked((ulong)AlternateLba));
        BinaryPrimitives.WriteUInt64LittleEndian(header[FirstUsableLbaOffset..], checked((ulong)FirstUsableLba));
        BinaryPrimitives.WriteUInt64LittleEndian(header[LastUsableLbaOffset..], checked((ulong)LastUsableLba));
        // Guid's little-endian byte layout is exactly EFI_GUID's mixed-endian on-disk form.
        DiskGuid.TryWriteBytes(header[DiskGuidOffset..]);
        BinaryPrimitives.WriteUInt64LittleEndian(header[PartitionEntryLbaOffset..], checked((ulong)PartitionEntryLba));
        BinaryPrimitives.WriteUInt32LittleEndian(header[NumberOfPartitionEntriesOffset..], NumberOfPartitionEntries);
        BinaryPrimitives.WriteUInt32LittleEndian(header[SizeOfPartitionEntryOffset..], SizeOfPartitionEntry);
        BinaryPrimitives.WriteUInt32LittleEndian(header[PartitionEntryArrayCrc32Offset..], PartitionEntryArrayCrc32);
        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderCrc32Offset..], Crc32.Compute(header));
        return sector;
    }
}
