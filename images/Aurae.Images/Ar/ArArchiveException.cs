namespace Aurae.Images.Ar;

/// <summary>
/// An ar archive is malformed or truncated. The message names the archive and the byte offset
/// where the problem was found.
/// </summary>
public sealed class ArArchiveException : IOException
{
    public ArArchiveException(string sourceName, string problem)
        : base($"{sourceName}: {problem}")
    {
        SourceName = sourceName;
        Problem = problem;
    }

    /// <summary>The archive, as the reader was told to call it.</summary>
    public string SourceName { get; }

    /// <summary>The problem without the archive name.</summary>
    public string Problem { get; }
}
