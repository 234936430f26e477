namespace Aurae.Contract.Yaml;

/// <summary>
/// A YAML file (node.yaml, serve.yaml, workloads.yaml) is missing or wrong. The message reads <c>FILE:LINE:COLUMN: field 'a.b[2]': problem</c>
/// so editors and terminals can jump to it; the parts are also available separately.
/// </summary>
public sealed class ConfigFileException : Exception
{
    public ConfigFileException(string filePath, int line, int column, string? field, string problem)
        : base(Format(filePath, line, column, field, problem))
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        Field = string.IsNullOrEmpty(field) ? null : field;
        Problem = problem;
    }

    /// <summary>A problem with the file as a whole (not found, unreadable), which has no position.</summary>
    public ConfigFileException(string filePath, string problem, Exception? inner = null)
        : base(problem, inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    public string FilePath { get; }

    /// <summary>1-based line, or null when the problem is with the file as a whole.</summary>
    public int? Line { get; }

    /// <summary>1-based column, or null when the problem is with the file as a whole.</summary>
    public int? Column { get; }

    /// <summary>Dotted path such as <c>kernel.modules[2]</c>; null for the document itself or a syntax error outside any field.</summary>
    public string? Field { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Problem { get; }

    private static string Format(string filePath, int line, int column, string? field, string problem) =>
        string.IsNullOrEmpty(field)
            ? $"{filePath}:{line}:{column}: {problem}"
            : $"{filePath}:{line}:{column}: field '{field}': {problem}";
}
