using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;

namespace Aurae.Client.Tests.FakeNode;

/// <summary>What the fake node answers, and what it was asked (shared by its services).</summary>
internal sealed class FakeNodeState
{
    /// <summary>Start requests received, in order.</summary>
    public List<CellServiceStartRequest> Started { get; } = [];

    /// <summary>What Output streams for any executable, the last chunk normally carrying the final status.</summary>
    public List<OutputChunk> Output { get; } = [];

    /// <summary>Pushed artifacts: header and the bytes that arrived, and the chunk sizes they came in.</summary>
    public List<(PushHeader Header, byte[] Content, List<int> ChunkSizes)> Pushed { get; } = [];
}
