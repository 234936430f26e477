namespace Aurae.Images.Deb;

/// <summary>
/// A Debian package cannot be read: it is not a .deb, lacks a required member, uses an
/// unsupported compression, or its data is corrupt or truncated. The message names the package.
/// </summary>
public sealed class DebPackageException : IOException
{
    public DebPackageException(string packagePath, string problem, Exception? innerException = null)
        : base($"{packagePath}: {problem}", innerException)
    {
        PackagePath = packagePath;
    }

    /// <summary>The path of the package that failed to read.</summary>
    public string PackagePath { get; }
}
