using Aurae.Composer.Configuration;
using Aurae.Images.Reproducibility;
using Aurae.Images.Vhd;

namespace Aurae.Composer.Outputs;

/// <summary>A dynamic VHD (Hyper-V).</summary>
public sealed class VhdDynamicOutput : ConvertedDiskOutput
{
    public override OutputKind Kind => OutputKind.VhdDynamic;

    public override string FileName(string nodeName) => $"{nodeName}-dynamic.vhd";

    protected override void Convert(FileStream raw, FileStream file, string seed, DateTimeOffset timestamp) =>
        VhdImageWriter.WriteDynamic(raw, file, new VhdIdentity(SeededGuid.Create(seed), timestamp));
}
