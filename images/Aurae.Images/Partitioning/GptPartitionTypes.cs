namespace Aurae.Images.Partitioning;

/// <summary>Well-known GPT partition type GUIDs (UEFI 2.x §5.3.3, Discoverable Partitions Specification).</summary>
public static class GptPartitionTypes
{
    /// <summary>EFI System Partition (sgdisk code EF00).</summary>
    public static Guid EfiSystem { get; } = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");

    /// <summary>Microsoft basic data, FAT/NTFS/exFAT data partitions (sgdisk code 0700).</summary>
    public static Guid BasicData { get; } = new("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7");

    /// <summary>Generic Linux file system data (sgdisk code 8300).</summary>
    public static Guid LinuxFilesystem { get; } = new("0FC63DAF-8483-4772-8E79-3D69D8477DE4");
}
