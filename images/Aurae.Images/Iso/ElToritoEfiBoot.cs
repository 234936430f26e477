namespace Aurae.Images.Iso;

/// <summary>
/// The El Torito EFI boot entry (platform 0xEF, UEFI 2.x §13.3.2.1): a FAT file system image from the image tree
/// holding \EFI\BOOT\BOOTX64.EFI. In a hybrid image it is also the EFI system partition.
/// </summary>
/// <param name="ImagePath">Path of the FAT image in the tree, e.g. "EFI/efi.img".</param>
public sealed record ElToritoEfiBoot(string ImagePath)
{
    /// <summary>Path of the FAT image in the image tree.</summary>
    public string ImagePath { get; } = Validate(ImagePath);

    private static string Validate(string path)
    {
        IsoPath.Split(path, nameof(ImagePath));
        return path;
    }
}
