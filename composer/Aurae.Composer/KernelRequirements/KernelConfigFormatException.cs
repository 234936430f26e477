namespace Aurae.Composer.KernelRequirements;

/// <summary>A kernel .config file or fragment has a line that is not valid; the message names the file and line.</summary>
public sealed class KernelConfigFormatException : FormatException
{
    public KernelConfigFormatException(string sourceName, int lineNumber, string problem)
        : base($"{sourceName}:{lineNumber}: {problem}")
    {
        SourceName = sourceName;
        LineNumber = lineNumber;
    }

    /// <summary>The file (or description of the input) that holds the bad line.</summary>
    public string SourceName { get; }

    /// <summary>The 1-based number of the bad line.</summary>
    public int LineNumber { get; }
}
