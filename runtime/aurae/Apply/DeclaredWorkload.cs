using Aurae.Api.Cells.V0;
using Aurae.Contract.Yaml;

namespace Aurae.Cli.Apply;

/// <summary>A container (its spec names an image) or an executable that workloads.yaml runs in cell <paramref name="CellName"/>.</summary>
internal sealed record DeclaredWorkload(string CellName, Executable Spec, ConfigPosition At)
{
    public bool IsContainer => Spec.Image.Length > 0;

    /// <summary>"container" or "executable", as output names it.</summary>
    public string Kind => IsContainer ? "container" : "executable";

    public string Name => Spec.Name;
}
