namespace Aurae.Composer.Outputs;

/// <summary>A build step several outputs share, made once per build by the first output that needs it.</summary>
public enum OutputPart
{
    /// <summary>The Unified Kernel Image (the UKI output, the ISO's EFI boot program, the raw disk's).</summary>
    Uki,

    /// <summary>The raw EFI disk (the raw-efi output, and what every virtual disk format is converted from).</summary>
    RawDisk,
}
