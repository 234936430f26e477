using Aurae.Composer.Configuration;
using Aurae.Images.Gce;

namespace Aurae.Composer.Outputs;

/// <summary>A tar.gz holding disk.raw (Google Compute Engine), of a whole number of GiB.</summary>
public sealed class GcpOutput : ConvertedDiskOutput
{
    /// <summary>GCE imports only disks of a whole number of GiB.</summary>
    public const long GceSizeMultiple = 1L << 30;

    public override OutputKind Kind => OutputKind.Gcp;

    public override string FileName(string nodeName) => $"{nodeName}-gce.tar.gz";

    public override long SizeMultiple => GceSizeMultiple;

    protected override void Convert(FileStream raw, FileStream file, string seed, DateTimeOffset timestamp) =>
        GceImageArchive.Write(raw, file, timestamp);
}
