namespace Aurae.Contract.Client;

/// <summary>
/// The client configuration is missing or wrong, or a node selection names nothing. With a
/// position the message reads <c>FILE:LINE:COLUMN: field 'a.b': problem</c>, which editors and
/// terminals can jump to; the parts are also available separately.
/// </summary>
public sealed class ClientConfigException : Exception
{
    public ClientConfigException(string filePath, int line, int column, string? field, string problem)
        : base(string.IsNullOrEmpty(field)
            ? $"{filePath}:{line}:{column}: {problem}"
            : $"{filePath}:{line}:{column}: field '{field}': {problem}")
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        Field = string.IsNullOrEmpty(field) ? null : field;
        Problem = problem;
    }

    /// <summary>A problem without a position: the file as a whole, a selection, credentials.</summary>
    public ClientConfigException(string problem, Exception? inner = null) : base(problem, inner) => Problem = problem;

    public string? FilePath { get; }

    /// <summary>1-based; null when the problem has no position.</summary>
    public int? Line { get; }

    /// <summary>1-based; null when the problem has no position.</summary>
    public int? Column { get; }

    /// <summary>Dotted path such as <c>contexts.lab.nodes[1].endpoint</c>.</summary>
    public string? Field { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Problem { get; }
}
