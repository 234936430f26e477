using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;

namespace Aurae.Client.Tests.FakeNode;

/// <summary>What the fake node answers, and what it was asked (shared by its services).</summary>
internal sealed class FakeNodeState
{
    /// <summary>A push under this name is refused as soon as its header arrives.</summary>
    public const string RefusedArtifactName = "refused-at-the-header";

    /// <summary>Start requests received, in order.</summary>
    public List<CellServiceStartRequest> Started { get; } = [];

    /// <summary>What Output streams for any executable, the last chunk normally carrying the final status.</summary>
    public List<OutputChunk> Output { get; } = [];

    /// <summary>Pushed artifacts: header and the bytes that arrived, and the chunk sizes they came in.</summary>
    public List<(PushHeader Header, byte[] Content, List<int> ChunkSizes)> Pushed { get; } = [];

    /// <summary>Artifact names deleted, in order.</summary>
    public List<string> Deleted { get; } = [];

    /// <summary>Image imports received (and not removed since), in order.</summary>
    public List<Aurae.Api.Images.V0.ImportRequest> Imported { get; } = [];

    /// <summary>What the fake node says an image is: two layers, the lower shared with another image.</summary>
    public Aurae.Api.Images.V0.Image Image(string name) => new()
    {
        Name = name,
        Format = "oci-archive",
        ConfigDigest = "sha256:" + new string('c', 64),
        Size = 3 << 20,
        Layers =
        {
            new Aurae.Api.Images.V0.Layer { ChainId = "sha256:" + new string('1', 64), Size = 2 << 20, Entries = 40, Images = 2 },
            new Aurae.Api.Images.V0.Layer { ChainId = "sha256:" + new string('2', 64), Size = 1 << 20, Entries = 3, Images = 1 },
        },
    };
}
