using Aurae.Composer.Configuration;
using Aurae.Images.Gce;
using Aurae.Images.IO;
using Aurae.Images.Qcow2;
using Aurae.Images.Reproducibility;
using Aurae.Images.Vhd;
using Aurae.Images.Vmdk;

namespace Aurae.Composer.Outputs;

/// <summary>
/// The raw EFI disk converted, streamed, into what hypervisors and clouds import: qcow2 (QEMU,
/// OpenStack), fixed VHD (Azure) and dynamic VHD (Hyper-V), streamOptimized VMDK (vSphere, AWS)
/// and a tar.gz holding disk.raw (Google Compute Engine).
/// </summary>
public static class VirtualDiskOutputs
{
    /// <summary>GCE imports only disks of a whole number of GiB.</summary>
    public const long GceSizeMultiple = 1L << 30;

    public static string FileName(OutputKind kind, string nodeName) => kind switch
    {
        OutputKind.RawEfi => $"{nodeName}.raw",
        OutputKind.Qcow2 => $"{nodeName}.qcow2",
        OutputKind.Vhd => $"{nodeName}.vhd",
        OutputKind.VhdDynamic => $"{nodeName}-dynamic.vhd",
        OutputKind.Vmdk => $"{nodeName}.vmdk",
        OutputKind.Gcp => $"{nodeName}-gce.tar.gz",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a disk format"),
    };

    /// <summary>Converts the raw disk at <paramref name="rawDiskPath"/> into <paramref name="kind"/>.</summary>
    public static void Write(OutputKind kind, string rawDiskPath, string nodeName, StagedOutputDirectory output)
    {
        var seed = $"aurae/{nodeName}/{kind.ToConfigName()}";
        using var raw = new FileStream(rawDiskPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var file = output.Create(FileName(kind, nodeName));
        switch (kind)
        {
            case OutputKind.Qcow2:
                Qcow2ImageWriter.Write(raw, file);
                break;
            case OutputKind.Vhd:
                // A fixed VHD is the raw disk plus a footer: keep the raw disk's holes.
                using (var sparse = new SparseWriteStream(file, leaveOpen: true))
                    VhdImageWriter.WriteFixed(raw, sparse, new VhdIdentity(SeededGuid.Create(seed), BuildTime.Value));
                break;
            case OutputKind.VhdDynamic:
                VhdImageWriter.WriteDynamic(raw, file, new VhdIdentity(SeededGuid.Create(seed), BuildTime.Value));
                break;
            case OutputKind.Vmdk:
                VmdkStreamOptimizedWriter.Write(raw, file, SeededGuid.CreateUInt32(seed));
                break;
            case OutputKind.Gcp:
                GceImageArchive.Write(raw, file, BuildTime.Value);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not converted from the raw disk");
        }
    }
}
