namespace Aurae.Composer.Configuration;

/// <summary>The disk images' size (raw-efi and the formats made from it).</summary>
/// <param name="SizeBytes">A whole number of MiB, or null to size the disk to its contents.</param>
public sealed record DiskConfig(long? SizeBytes)
{
    public static DiskConfig Default { get; } = new((long?)null);
}
