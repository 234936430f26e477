namespace Aurae.Images.Iso;

/// <summary>
/// The El Torito BIOS boot entry (El Torito 1.0 §2.2): a no-emulation image, e.g. ISOLINUX's isolinux.bin, taken
/// from a file of the image tree, and where the boot catalog appears in the tree (the builder creates that file).
/// </summary>
/// <param name="BootFilePath">Path of the boot file in the tree, e.g. "isolinux/isolinux.bin".</param>
/// <param name="CatalogPath">Path at which the boot catalog is listed, e.g. "isolinux/boot.cat"; must not be added as a file.</param>
/// <param name="LoadSectors">512-byte sectors the BIOS loads (ISOLINUX: 4).</param>
/// <param name="PatchBootInfoTable">Write the boot information table into bytes 8-63 of the boot file's copy (ISOLINUX needs it).</param>
public sealed record ElToritoBiosBoot(string BootFilePath, string CatalogPath, ushort LoadSectors = ElToritoBiosBoot.DefaultLoadSectors, bool PatchBootInfoTable = true)
{
    /// <summary>The load size ISOLINUX documents: four 512-byte sectors.</summary>
    public const ushort DefaultLoadSectors = 4;

    /// <summary>Path of the boot file in the image tree.</summary>
    public string BootFilePath { get; } = ValidatePath(BootFilePath, nameof(BootFilePath));

    /// <summary>Path at which the builder lists the boot catalog.</summary>
    public string CatalogPath { get; } = ValidateCatalog(CatalogPath, BootFilePath);

    /// <summary>512-byte sectors loaded by the BIOS; at least 1.</summary>
    public ushort LoadSectors { get; } = LoadSectors > 0
        ? LoadSectors
        : throw new ArgumentOutOfRangeException(nameof(LoadSectors), LoadSectors, "The BIOS must load at least one 512-byte sector.");

    private static string ValidatePath(string path, string paramName)
    {
        IsoPath.Split(path, paramName);
        return path;
    }

    private static string ValidateCatalog(string catalogPath, string bootFilePath)
    {
        ValidatePath(catalogPath, nameof(CatalogPath));
        if (string.Equals(catalogPath, bootFilePath, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The boot catalog path '{catalogPath}' must differ from the boot file path.", nameof(CatalogPath));
        }

        return catalogPath;
    }
}
