using Aurae.Composer.Configuration;

namespace Aurae.Composer.Outputs;

/// <summary>
/// The raw EFI disk converted, streamed, into what a hypervisor or cloud imports; the formats'
/// GUIDs derive from the node name and the format, so rebuilds keep them.
/// </summary>
public abstract class ConvertedDiskOutput : DiskImageOutput
{
    public override void Write(ComposedNode node, OutputParts parts, StagedOutputDirectory output)
    {
        var rawDiskPath = parts.RawDisk(SizeMultiple);
        var seed = $"aurae/{node.Name}/{Kind.ToConfigName()}";
        using var raw = new FileStream(rawDiskPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var file = output.Create(FileName(node.Name));
        Convert(raw, file, seed, node.Timestamp);
    }

    /// <summary>Writes <paramref name="raw"/> as this format to <paramref name="file"/>.</summary>
    protected abstract void Convert(FileStream raw, FileStream file, string seed, DateTimeOffset timestamp);
}
