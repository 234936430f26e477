using Aurae.Composer.Configuration;

namespace Aurae.Composer.Outputs;

/// <summary>
/// One kind of artifact `aurae-compose build` writes from a composed node. Adding an output is
/// a class implementing this and a line in <see cref="NodeOutputs"/>.
/// </summary>
public interface INodeOutput
{
    /// <summary>The node.yaml output this writes.</summary>
    OutputKind Kind { get; }

    /// <summary>The shared parts <see cref="Write"/> takes from its <see cref="OutputParts"/>; it may take no others.</summary>
    IReadOnlyList<OutputPart> Needs { get; }

    /// <summary>
    /// Lower starts first when outputs are written concurrently: outputs that wait on no shared part
    /// go before those that do, the longest of them first.
    /// </summary>
    int StartOrder { get; }

    /// <summary>Writes the output's files into <paramref name="output"/>.</summary>
    void Write(ComposedNode node, OutputParts parts, StagedOutputDirectory output);
}
