namespace Aurae.Images.Partitioning;

/// <summary>
/// One primary partition of a master boot record: boot indicator, partition type byte (0xEE protective GPT,
/// 0xEF EFI system, ...), first sector and length in sectors.
/// </summary>
public readonly record struct MbrPartition(bool Bootable, byte Type, uint FirstLba, uint SectorCount);
