using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;
using Aurae.Api.Images.V0;
using Grpc.Core;

namespace Aurae.Cli.Apply;

/// <summary>
/// What a node runs and holds, as its List calls report it: cells by name (nested ones too),
/// workloads by cell and name (with the spec each was started with), images by name (config
/// digest), artifacts by name. Read with the same four calls before and after an apply.
/// </summary>
internal sealed record NodeState(
    IReadOnlyDictionary<string, Cell> Cells,
    IReadOnlyDictionary<(string Cell, string Name), ExecutableStatus> Workloads,
    IReadOnlyDictionary<string, string> ImageDigests,
    IReadOnlyDictionary<string, Artifact> Artifacts)
{
    public static async Task<NodeState> ReadAsync(CallInvoker node, CancellationToken cancellationToken)
    {
        var cells = new Dictionary<string, Cell>(StringComparer.Ordinal);
        var listed = await new CellService.CellServiceClient(node).ListAsync(new CellServiceListRequest(), cancellationToken: cancellationToken);
        void Add(CellGraphNode graph)
        {
            cells[graph.Cell.Name] = graph.Cell;
            foreach (var child in graph.Children)
                Add(child);
        }
        foreach (var graph in listed.Cells)
            Add(graph);

        var executables = await new ExecutableService.ExecutableServiceClient(node)
            .ListAsync(new Aurae.Api.Executables.V0.ListRequest(), cancellationToken: cancellationToken);
        var images = await new ImageService.ImageServiceClient(node)
            .ListAsync(new Aurae.Api.Images.V0.ListRequest(), cancellationToken: cancellationToken);
        var artifacts = await new ArtifactService.ArtifactServiceClient(node)
            .ListAsync(new Aurae.Api.Artifacts.V0.ListRequest(), cancellationToken: cancellationToken);
        return new NodeState(cells,
            executables.Executables.ToDictionary(status => (status.CellName, status.ExecutableName)),
            images.Images.ToDictionary(image => image.Name, image => image.ConfigDigest, StringComparer.Ordinal),
            artifacts.Artifacts.ToDictionary(artifact => artifact.Name, StringComparer.Ordinal));
    }
}
