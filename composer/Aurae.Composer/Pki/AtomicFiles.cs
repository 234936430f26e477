using System.Text;

namespace Aurae.Composer.Pki;

/// <summary>One file to create: its final path, its bytes and the mode it is born with.</summary>
internal sealed record NewFile(string Path, ReadOnlyMemory<byte> Content, UnixFileMode Mode)
{
    /// <summary>A text file (PEM): ASCII.</summary>
    public NewFile(string path, string text, UnixFileMode mode) : this(path, Encoding.ASCII.GetBytes(text), mode) { }
}

/// <summary>
/// Creates files all-or-nothing and never replaces an existing file. Each file is written to a
/// temporary name in its target directory, created with its final mode (so a private key is
/// never readable by others, not even briefly), flushed to disk, then renamed into place.
/// </summary>
internal static class AtomicFiles
{
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode PublicFile = PrivateFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    public const UnixFileMode PrivateDirectory = PrivateFile | UnixFileMode.UserExecute;

    /// <summary>
    /// Creates every file in <paramref name="files"/> or, on failure, none of them. The files are
    /// renamed in list order, so put the file whose presence means "done" (the certificate) last.
    /// </summary>
    public static void CreateAll(IReadOnlyList<NewFile> files)
    {
        var staged = new List<(NewFile File, string TempPath)>();
        var placed = new List<string>();
        var current = "";
        try
        {
            foreach (var file in files)
            {
                current = file.Path;
                staged.Add((file, WriteTemp(file)));
            }
            foreach (var (file, tempPath) in staged)
            {
                current = file.Path;
                if (File.Exists(file.Path))
                    throw new PkiException($"'{file.Path}' already exists; refusing to overwrite it");
                // overwrite: false fails if the name exists, so a file that appeared since the
                // check above is never clobbered.
                File.Move(tempPath, file.Path, overwrite: false);
                placed.Add(file.Path);
            }
        }
        catch (Exception e)
        {
            foreach (var (_, tempPath) in staged)
                TryDelete(tempPath);
            foreach (var path in placed)
                TryDelete(path);
            if (e is PkiException)
                throw;
            throw new PkiException($"cannot create '{current}': {e.Message}", e);
        }
    }

    /// <summary>Creates a directory that only the owner can enter, or leaves an existing one alone.</summary>
    public static void EnsureDirectory(string path)
    {
        if (Directory.Exists(path))
            return;
        try
        {
            if (OperatingSystem.IsWindows())
                Directory.CreateDirectory(path);
            else
                Directory.CreateDirectory(path, PrivateDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PkiException($"cannot create directory '{path}': {e.Message}", e);
        }
    }

    private static string WriteTemp(NewFile file)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file.Path))!;
        var tempPath = Path.Combine(directory, $".{Path.GetFileName(file.Path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = file.Mode;
        try
        {
            using var stream = new FileStream(tempPath, options);
            // The create mode is narrowed by the umask; set it exactly while the file is still empty.
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(stream.SafeFileHandle, file.Mode);
            stream.Write(file.Content.Span);
            stream.Flush(flushToDisk: true);
            return tempPath;
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original failure is the one worth reporting.
        }
    }
}
