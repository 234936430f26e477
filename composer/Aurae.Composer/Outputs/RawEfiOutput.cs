using Aurae.Composer.Configuration;

namespace Aurae.Composer.Outputs;

/// <summary>The raw EFI disk (see <see cref="EfiSystemDisk"/>), of disk.size or the smallest that holds the UKI.</summary>
public sealed class RawEfiOutput : DiskImageOutput
{
    public override OutputKind Kind => OutputKind.RawEfi;

    public override string FileName(string nodeName) => $"{nodeName}.raw";

    // The raw disk part writes the configured disk as this output's file when raw-efi is asked for.
    public override void Write(ComposedNode node, OutputParts parts, StagedOutputDirectory output) => parts.RawDisk(SizeMultiple);
}
