namespace Aurae.Images.Iso;

/// <summary>
/// Makes the image bootable when written raw to a disk (isohybrid): an MBR whose code (ISOLINUX's isohdpfx.bin)
/// loads the El Torito BIOS boot file, MBR partitions over the whole image and over the EFI image, and a GPT
/// with a basic-data entry over the ISO 9660 data and an EFI system partition entry over the EFI image.
/// </summary>
/// <param name="MbrBootCode">The MBR boot code, e.g. /usr/lib/ISOLINUX/isohdpfx.bin; its first 432 bytes are used.</param>
/// <param name="DiskSignature">The MBR disk signature (bytes 440-443).</param>
/// <param name="GptDiskId">The GPT disk GUID.</param>
/// <param name="EspPartitionId">Unique GUID of the GPT entry over the EFI image.</param>
/// <param name="IsoPartitionId">Unique GUID of the GPT entry over the ISO 9660 data.</param>
public sealed record IsoHybridOptions(ReadOnlyMemory<byte> MbrBootCode, uint DiskSignature, Guid GptDiskId, Guid EspPartitionId, Guid IsoPartitionId)
{
    /// <summary>isohybrid copies bytes 0-431 of the MBR code; 432-439 then hold the boot file's 512-byte LBA.</summary>
    public const int MbrBootCodeLength = 432;

    /// <summary>The MBR boot code; at least <see cref="MbrBootCodeLength"/> bytes.</summary>
    public ReadOnlyMemory<byte> MbrBootCode { get; } = MbrBootCode.Length >= MbrBootCodeLength
        ? MbrBootCode
        : throw new ArgumentException(
            $"The MBR boot code has {MbrBootCode.Length} bytes; isohybrid needs {MbrBootCodeLength} (e.g. isohdpfx.bin).", nameof(MbrBootCode));

    /// <summary>The GPT disk GUID; not empty.</summary>
    public Guid GptDiskId { get; } = NotEmpty(GptDiskId, nameof(GptDiskId));

    /// <summary>Unique GUID of the EFI system partition entry; not empty.</summary>
    public Guid EspPartitionId { get; } = NotEmpty(EspPartitionId, nameof(EspPartitionId));

    /// <summary>Unique GUID of the ISO 9660 entry; not empty and different from <see cref="EspPartitionId"/>.</summary>
    public Guid IsoPartitionId { get; } = NotEmpty(IsoPartitionId, nameof(IsoPartitionId)) != EspPartitionId
        ? IsoPartitionId
        : throw new ArgumentException($"The ISO and EFI partition GUIDs must differ; both are {IsoPartitionId}.", nameof(IsoPartitionId));

    private static Guid NotEmpty(Guid value, string paramName) =>
        value != Guid.Empty ? value : throw new ArgumentException("The GUID must not be empty.", paramName);
}
