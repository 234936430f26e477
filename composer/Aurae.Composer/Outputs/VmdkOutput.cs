using Aurae.Composer.Configuration;
using Aurae.Images.Reproducibility;
using Aurae.Images.Vmdk;

namespace Aurae.Composer.Outputs;

/// <summary>A streamOptimized VMDK (vSphere, AWS).</summary>
public sealed class VmdkOutput : ConvertedDiskOutput
{
    public override OutputKind Kind => OutputKind.Vmdk;

    public override string FileName(string nodeName) => $"{nodeName}.vmdk";

    protected override void Convert(FileStream raw, FileStream file, string seed, DateTimeOffset timestamp) =>
        VmdkStreamOptimizedWriter.Write(raw, file, SeededGuid.CreateUInt32(seed));
}
