namespace Aurae.Images.Fat;

/// <summary>DIR_Attr bits (fatgen103 "FAT 32 Byte Directory Entry Structure").</summary>
[Flags]
internal enum FatAttributes : byte
{
    None = 0,
    ReadOnly = 0x01,
    Hidden = 0x02,
    System = 0x04,
    VolumeId = 0x08,
    Directory = 0x10,
    Archive = 0x20,

    /// <summary>ATTR_LONG_NAME: marks a VFAT long-name entry.</summary>
    LongName = ReadOnly | Hidden | System | VolumeId,
}
