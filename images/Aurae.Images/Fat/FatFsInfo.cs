using System.Buffers.Binary;

namespace Aurae.Images.Fat;

/// <summary>The FAT32 FSInfo sector (fatgen103 "FAT32 FSInfo Sector Structure"): free-cluster count and next-free hint.</summary>
internal readonly record struct FatFsInfo(uint FreeCount, uint NextFree)
{
    private const int LeadSigOffset = 0;
    private const int StrucSigOffset = 484;
    private const int FreeCountOffset = 488;
    private const int NxtFreeOffset = 492;
    private const int TrailSigOffset = 508;

    private const uint LeadSig = 0x41615252;
    private const uint StrucSig = 0x61417272;
    private const uint TrailSig = 0xAA550000;

    /// <summary>FSI_Free_Count / FSI_Nxt_Free value meaning "unknown".</summary>
    public const uint Unknown = 0xFFFFFFFF;

    /// <summary>Writes the 512-byte sector into <paramref name="sector"/> (zeroed by the caller).</summary>
    public void Encode(Span<byte> sector)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(sector[LeadSigOffset..], LeadSig);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[StrucSigOffset..], StrucSig);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[FreeCountOffset..], FreeCount);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[NxtFreeOffset..], NextFree);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[TrailSigOffset..], TrailSig);
    }
}
