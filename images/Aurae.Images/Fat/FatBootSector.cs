using System.Buffers.Binary;
using System.Text;

namespace Aurae.Images.Fat;

/// <summary>
/// The boot sector with its BIOS parameter block (fatgen103 "Boot Sector and BPB Structure"): the common BPB at
/// 0-35, then either the FAT12/16 extended fields at 36 or the FAT32 fields at 36 and its extended fields at 64.
/// No boot code: these volumes are read by firmware and operating systems, not booted through their VBR.
/// </summary>
internal readonly record struct FatBootSector(FatGeometry Geometry, uint VolumeId, FatShortName VolumeLabel)
{
    // --- Common BPB, fatgen103. ---
    private const int JmpBootOffset = 0;
    private const int OemNameOffset = 3;
    private const int BytsPerSecOffset = 11;
    private const int SecPerClusOffset = 13;
    private const int RsvdSecCntOffset = 14;
    private const int NumFatsOffset = 16;
    private const int RootEntCntOffset = 17;
    private const int TotSec16Offset = 19;
    private const int MediaOffset = 21;
    private const int FatSz16Offset = 22;
    private const int SecPerTrkOffset = 24;
    private const int NumHeadsOffset = 26;
    private const int HiddSecOffset = 28;
    private const int TotSec32Offset = 32;

    // --- FAT32 BPB, fatgen103. ---
    private const int FatSz32Offset = 36;
    private const int ExtFlagsOffset = 40;
    private const int FsVerOffset = 42;
    private const int RootClusOffset = 44;
    private const int FsInfoOffset = 48;
    private const int BkBootSecOffset = 50;

    // --- Extended boot record: at 36 on FAT12/16, at 64 on FAT32; fields relative to its start. ---
    private const int Fat16ExtendedOffset = 36;
    private const int Fat32ExtendedOffset = 64;
    private const int DrvNumField = 0;
    private const int BootSigField = 2;
    private const int VolIdField = 3;
    private const int VolLabField = 7;
    private const int FilSysTypeField = 18;

    /// <summary>0x55 0xAA at bytes 510-511.</summary>
    private const int SignatureOffset = 510;
    private const ushort Signature = 0xAA55;

    /// <summary>Short jump over the BPB to where boot code would start (62 on FAT12/16, 90 on FAT32), then NOP.</summary>
    private static ReadOnlySpan<byte> Fat16JmpBoot => [0xEB, 0x3C, 0x90];
    private static ReadOnlySpan<byte> Fat32JmpBoot => [0xEB, 0x58, 0x90];

    /// <summary>fatgen103 recommends "MSWIN4.1" as the most compatible OEM name.</summary>
    private static ReadOnlySpan<byte> OemName => "MSWIN4.1"u8;

    /// <summary>BPB_Media and the low byte of FAT[0]: fixed (non-removable) media.</summary>
    public const byte Media = 0xF8;

    /// <summary>Drive number for a hard disk (0x80), matching the fixed-media descriptor.</summary>
    private const byte DriveNumber = 0x80;

    /// <summary>BS_BootSig: the volume id, label and type fields that follow are present.</summary>
    private const byte ExtendedBootSignature = 0x29;

    /// <summary>Cosmetic CHS geometry; readers of FAT volumes on LBA disks ignore it.</summary>
    private const ushort SectorsPerTrack = 63;
    private const ushort Heads = 255;

    /// <summary>Sector of the FSInfo structure (BPB_FSInfo) and of the backup boot sector (BPB_BkBootSec), FAT32 only.</summary>
    public const int FsInfoSector = 1;
    public const int BackupBootSector = 6;

    /// <summary>BPB_RootClus: the root directory starts at the first data cluster.</summary>
    public const uint RootCluster = 2;

    /// <summary>Writes the 512-byte boot sector into <paramref name="sector"/> (zeroed by the caller).</summary>
    public void Encode(Span<byte> sector)
    {
        bool fat32 = Geometry.Type == FatType.Fat32;
        (fat32 ? Fat32JmpBoot : Fat16JmpBoot).CopyTo(sector[JmpBootOffset..]);
        OemName.CopyTo(sector[OemNameOffset..]);
        BinaryPrimitives.WriteUInt16LittleEndian(sector[BytsPerSecOffset..], FatGeometry.BytesPerSector);
        sector[SecPerClusOffset] = (byte)Geometry.SectorsPerCluster;
        BinaryPrimitives.WriteUInt16LittleEndian(sector[RsvdSecCntOffset..], (ushort)Geometry.ReservedSectors);
        sector[NumFatsOffset] = FatGeometry.FatCount;
        BinaryPrimitives.WriteUInt16LittleEndian(sector[RootEntCntOffset..], (ushort)Geometry.RootEntryCount);
        // TotSec16 when the count fits 16 bits (never on FAT32), else TotSec32 (fatgen103).
        bool small = !fat32 && Geometry.TotalSectors <= ushort.MaxValue;
        BinaryPrimitives.WriteUInt16LittleEndian(sector[TotSec16Offset..], small ? (ushort)Geometry.TotalSectors : (ushort)0);
        sector[MediaOffset] = Media;
        BinaryPrimitives.WriteUInt16LittleEndian(sector[FatSz16Offset..], fat32 ? (ushort)0 : checked((ushort)Geometry.FatSectors));
        BinaryPrimitives.WriteUInt16LittleEndian(sector[SecPerTrkOffset..], SectorsPerTrack);
        BinaryPrimitives.WriteUInt16LittleEndian(sector[NumHeadsOffset..], Heads);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[HiddSecOffset..], Geometry.HiddenSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[TotSec32Offset..], small ? 0u : checked((uint)Geometry.TotalSectors));

        int extended = Fat16ExtendedOffset;
        if (fat32)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(sector[FatSz32Offset..], checked((uint)Geometry.FatSectors));
            BinaryPrimitives.WriteUInt16LittleEndian(sector[ExtFlagsOffset..], 0); // both FATs mirrored
            BinaryPrimitives.WriteUInt16LittleEndian(sector[FsVerOffset..], 0);    // version 0.0
            BinaryPrimitives.WriteUInt32LittleEndian(sector[RootClusOffset..], RootCluster);
            BinaryPrimitives.WriteUInt16LittleEndian(sector[FsInfoOffset..], FsInfoSector);
            BinaryPrimitives.WriteUInt16LittleEndian(sector[BkBootSecOffset..], BackupBootSector);
            extended = Fat32ExtendedOffset;
        }

        sector[extended + DrvNumField] = DriveNumber;
        sector[extended + BootSigField] = ExtendedBootSignature;
        BinaryPrimitives.WriteUInt32LittleEndian(sector[(extended + VolIdField)..], VolumeId);
        VolumeLabel.CopyTo(sector[(extended + VolLabField)..]);
        Encoding.ASCII.GetBytes(FileSystemType(Geometry.Type), sector[(extended + FilSysTypeField)..]);
        BinaryPrimitives.WriteUInt16LittleEndian(sector[SignatureOffset..], Signature);
    }

    /// <summary>BS_FilSysType: informational only, but expected to match the type.</summary>
    private static string FileSystemType(FatType type) => type switch
    {
        FatType.Fat12 => "FAT12   ",
        FatType.Fat16 => "FAT16   ",
        _ => "FAT32   ",
    };
}
