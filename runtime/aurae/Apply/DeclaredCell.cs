using Aurae.Api.Cells.V0;
using Aurae.Contract.Yaml;

namespace Aurae.Cli.Apply;

/// <summary>A cell workloads.yaml allocates, as the Allocate request it sends, and the workloads it runs there.</summary>
internal sealed record DeclaredCell(Cell Cell, IReadOnlyList<DeclaredWorkload> Workloads, ConfigPosition At)
{
    public string Name => Cell.Name;
}
