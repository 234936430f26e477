using System.Diagnostics.CodeAnalysis;
using Aurae.Composer.Configuration;

namespace Aurae.Composer.Outputs;

/// <summary>Every output `aurae-compose build` can write, by node.yaml kind: the one table of them.</summary>
public static class NodeOutputs
{
    private static readonly Dictionary<OutputKind, INodeOutput> Table = new INodeOutput[]
    {
        new PxeOutput(),
        new UkiOutput(),
        new IsoOutput(),
        new RawEfiOutput(),
        new Qcow2Output(),
        new VhdOutput(),
        new VhdDynamicOutput(),
        new VmdkOutput(),
        new GcpOutput(),
        new MicrovmOutput(),
    }.ToDictionary(output => output.Kind);

    /// <summary>The output of <paramref name="kind"/>, when one is implemented.</summary>
    public static bool TryGet(OutputKind kind, [NotNullWhen(true)] out INodeOutput? output) => Table.TryGetValue(kind, out output);

    /// <summary>The file a disk output (raw-efi or a format converted from it) writes for <paramref name="nodeName"/>.</summary>
    public static string DiskFileName(OutputKind kind, string nodeName) =>
        TryGet(kind, out var output) && output is DiskImageOutput disk ? disk.FileName(nodeName) : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a disk format");
}
