using Aurae.Images.Ar;

namespace Aurae.Images.Deb;

/// <summary>
/// Where a streaming read of a package's data archive is: the index of the current entry, so that
/// entries can refuse to read once the stream has moved past them. Also turns read failures into
/// errors that name the package.
/// </summary>
internal sealed class DebDataCursor(string packagePath, string dataMemberName)
{
    public string PackagePath { get; } = packagePath;

    /// <summary>Index of the current entry; -1 before the first and after the last.</summary>
    public long Index { get; set; } = -1;

    /// <summary>
    /// The error to report when reading <paramref name="what"/> failed with <paramref name="cause"/>.
    /// Decoders report truncation and corruption with many exception types, so every failure but
    /// cancellation and exhaustion counts (see <see cref="IsReadFailure"/>).
    /// </summary>
    public DebPackageException ReadFailed(string what, Exception cause) => cause switch
    {
        DebPackageException known => known,
        ArArchiveException ar => new DebPackageException(PackagePath, $"{what}: {ar.Problem}", ar),
        _ => new DebPackageException(
            PackagePath,
            $"{what}: {dataMemberName} is corrupt or truncated ({cause.GetType().Name}: {cause.Message})",
            cause),
    };

    public static bool IsReadFailure(Exception e) => e is not (OperationCanceledException or OutOfMemoryException);
}
