using Aurae.Composer.Configuration;

namespace Aurae.Composer.Outputs;

/// <summary>A single-file disk image: the raw EFI disk itself, or a format converted from it.</summary>
public abstract class DiskImageOutput : INodeOutput
{
    public abstract OutputKind Kind { get; }

    public IReadOnlyList<OutputPart> Needs { get; } = [OutputPart.RawDisk];

    public int StartOrder => 2;

    /// <summary>The image's file name for <paramref name="nodeName"/>.</summary>
    public abstract string FileName(string nodeName);

    /// <summary>The raw disk's size is rounded up to a multiple of this (a cloud may import only such disks).</summary>
    public virtual long SizeMultiple => 1;

    public abstract void Write(ComposedNode node, OutputParts parts, StagedOutputDirectory output);
}
