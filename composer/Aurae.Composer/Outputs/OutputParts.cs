using Aurae.Composer.Configuration;

namespace Aurae.Composer.Outputs;

/// <summary>
/// The shared parts of one build (<see cref="OutputPart"/>), each made once, by the first output
/// that asks, while others asking wait; an output is handed a view (<see cref="For"/>) offering
/// only the parts it declared in <see cref="INodeOutput.Needs"/>.
/// </summary>
public sealed class OutputParts
{
    private readonly Lazy<ReadOnlyMemory<byte>> _uki;
    private readonly RawDisks _rawDisks;
    private readonly IReadOnlyList<OutputPart> _offered;
    private readonly string _outputName;

    /// <param name="rawDiskIsOutput">Whether the raw disk of the configured size is the raw-efi output (else it is scratch).</param>
    public OutputParts(ComposedNode node, StagedOutputDirectory output, bool rawDiskIsOutput, Action<string>? log)
    {
        _uki = new Lazy<ReadOnlyMemory<byte>>(() =>
        {
            var bytes = UkiOutput.Build(node);
            log?.Invoke($"uki {bytes.Length} bytes");
            return bytes;
        });
        _rawDisks = new RawDisks(node, () => _uki.Value, output, rawDiskIsOutput, log);
        _offered = [OutputPart.Uki, OutputPart.RawDisk];
        _outputName = "the build";
    }

    private OutputParts(OutputParts all, INodeOutput output)
    {
        _uki = all._uki;
        _rawDisks = all._rawDisks;
        _offered = output.Needs;
        _outputName = $"output '{output.Kind.ToConfigName()}'";
    }

    /// <summary>
    /// Whether <paramref name="output"/> carries the UKI: it takes the UKI itself or the raw disk,
    /// whose EFI system partition holds it (so every format converted from that disk does too).
    /// </summary>
    public static bool CarriesUki(INodeOutput output) =>
        output.Needs.Contains(OutputPart.Uki) || output.Needs.Contains(OutputPart.RawDisk);

    /// <summary>The parts <paramref name="output"/> declared it needs.</summary>
    public OutputParts For(INodeOutput output) => new(this, output);

    /// <summary>The node's Unified Kernel Image.</summary>
    public ReadOnlyMemory<byte> Uki => Offered(OutputPart.Uki)._uki.Value;

    /// <summary>
    /// The path of the raw EFI disk of disk.size (or the smallest that holds the UKI) rounded up to
    /// a multiple of <paramref name="sizeMultiple"/> bytes.
    /// </summary>
    public string RawDisk(long sizeMultiple) => Offered(OutputPart.RawDisk)._rawDisks.Get(sizeMultiple);

    private OutputParts Offered(OutputPart part) =>
        _offered.Contains(part) ? this : throw new InvalidOperationException($"{_outputName} uses the part {part} it does not declare");
}
