using Aurae.Composer.Configuration;
using Aurae.Images.IO;
using Aurae.Images.Reproducibility;
using Aurae.Images.Vhd;

namespace Aurae.Composer.Outputs;

/// <summary>A fixed VHD (Azure).</summary>
public sealed class VhdOutput : ConvertedDiskOutput
{
    public override OutputKind Kind => OutputKind.Vhd;

    public override string FileName(string nodeName) => $"{nodeName}.vhd";

    protected override void Convert(FileStream raw, FileStream file, string seed, DateTimeOffset timestamp)
    {
        // A fixed VHD is the raw disk plus a footer: keep the raw disk's holes.
        using var sparse = new SparseWriteStream(file, leaveOpen: true);
        VhdImageWriter.WriteFixed(raw, sparse, new VhdIdentity(SeededGuid.Create(seed), timestamp));
    }
}
