using Aurae.Composer.Configuration;
using Aurae.Images.Qcow2;

namespace Aurae.Composer.Outputs;

/// <summary>qcow2 (QEMU, OpenStack).</summary>
public sealed class Qcow2Output : ConvertedDiskOutput
{
    public override OutputKind Kind => OutputKind.Qcow2;

    public override string FileName(string nodeName) => $"{nodeName}.qcow2";

    protected override void Convert(FileStream raw, FileStream file, string seed, DateTimeOffset timestamp) => Qcow2ImageWriter.Write(raw, file);
}
