namespace Aurae.Composer.Kernel;

/// <summary>
/// A kernel given as files (a directory, or a kernel image with a modules tarball) cannot be read:
/// a file is missing, corrupt, or belongs to another kernel release. The message names the file.
/// </summary>
public sealed class KernelSourceException : IOException
{
    public KernelSourceException(string sourcePath, string problem, Exception? innerException = null)
        : base($"{sourcePath}: {problem}", innerException)
    {
        SourcePath = sourcePath;
    }

    /// <summary>The directory or file that failed to read.</summary>
    public string SourcePath { get; }
}
