namespace Aurae.Contract.Yaml;

/// <summary>
/// Where a value was written in a YAML file (node.yaml, workloads.yaml), kept past loading so that a problem found later (in
/// the build, once the kernel is known) still points at the line that caused it.
/// </summary>
/// <param name="FilePath">The file.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Field">Dotted field path, such as <c>kernel.modules[2]</c>.</param>
public sealed record ConfigPosition(string FilePath, int Line, int Column, string Field)
{
    /// <summary>An error at this position: <c>FILE:LINE:COL: field 'FIELD': problem</c>.</summary>
    public ConfigFileException Error(string problem) => new(FilePath, Line, Column, Field, problem);

    public override string ToString() => $"{FilePath}:{Line}:{Column} ({Field})";
}
