namespace Aurae.Images.Iso;

/// <summary>A no-emulation boot image in the catalog: 512-byte sectors to load and the image's first sector (2048-byte LBA).</summary>
internal sealed record ElToritoBootEntry(ushort SectorCount, uint LoadLba);
