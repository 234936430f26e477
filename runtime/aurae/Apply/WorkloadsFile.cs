namespace Aurae.Cli.Apply;

/// <summary>
/// What workloads.yaml declares for every node it is applied to: artifacts and images to put
/// there, cells to allocate (parents before children) and the workloads each runs. Checked as a
/// whole when loaded, before any node is touched.
/// </summary>
internal sealed record WorkloadsFile(string Path, IReadOnlyList<DeclaredArtifact> Artifacts, IReadOnlyList<DeclaredImage> Images,
    IReadOnlyList<DeclaredCell> Cells)
{
    public IEnumerable<DeclaredWorkload> Workloads => Cells.SelectMany(cell => cell.Workloads);
}
