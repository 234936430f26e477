namespace Aurae.Images.Fat;

/// <summary>
/// The FAT variant, decided by the cluster count alone (fatgen103 "FAT Type Determination"):
/// fewer than 4085 clusters is FAT12, fewer than 65525 FAT16, otherwise FAT32.
/// </summary>
public enum FatType
{
    /// <summary>12-bit FAT entries; at most 4084 clusters.</summary>
    Fat12 = 12,

    /// <summary>16-bit FAT entries; 4085 to 65524 clusters.</summary>
    Fat16 = 16,

    /// <summary>28-bit FAT entries in 32-bit slots; at least 65525 clusters.</summary>
    Fat32 = 32,
}
