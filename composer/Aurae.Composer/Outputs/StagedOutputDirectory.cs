namespace Aurae.Composer.Outputs;

/// <summary>
/// Where a build writes: files go to a hidden staging folder inside the output directory and
/// are renamed into place only when the whole build succeeded, so a failed or interrupted
/// build never leaves a half-written image where a finished one is expected.
/// </summary>
public sealed class StagedOutputDirectory : IDisposable
{
    private readonly bool _createdOutputDirectory;
    private readonly List<string> _files = [];
    private bool _committed;

    public StagedOutputDirectory(string outputDirectory)
    {
        OutputDirectory = Path.GetFullPath(outputDirectory);
        if (File.Exists(OutputDirectory))
            throw new IOException($"output directory '{OutputDirectory}' is a file");
        _createdOutputDirectory = !Directory.Exists(OutputDirectory);
        Directory.CreateDirectory(OutputDirectory);
        StagingDirectory = Path.Combine(OutputDirectory, $".staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(StagingDirectory);
    }

    public string OutputDirectory { get; }

    public string StagingDirectory { get; }

    /// <summary>Creates a staged file; its final name is <paramref name="name"/> in the output directory.</summary>
    public FileStream Create(string name, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite |
                                                              UnixFileMode.GroupRead | UnixFileMode.OtherRead)
    {
        if (name.Contains('/') || name is "." or ".." || _files.Contains(name))
            throw new ArgumentException($"'{name}' is not a fresh plain file name", nameof(name));
        _files.Add(name);
        return new FileStream(Path.Combine(StagingDirectory, name), new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = mode,
            BufferSize = 1 << 16,
        });
    }

    /// <summary>Moves every staged file into place (replacing older ones) and returns their final paths.</summary>
    public IReadOnlyList<string> Commit()
    {
        var finalPaths = new List<string>();
        foreach (var name in _files)
        {
            var final = Path.Combine(OutputDirectory, name);
            File.Move(Path.Combine(StagingDirectory, name), final, overwrite: true);
            finalPaths.Add(final);
        }
        _committed = true;
        Directory.Delete(StagingDirectory, recursive: true);
        return finalPaths;
    }

    /// <summary>Without a commit, removes what was staged, and the output directory if this build created it.</summary>
    public void Dispose()
    {
        if (_committed)
            return;
        try
        {
            Directory.Delete(StagingDirectory, recursive: true);
            if (_createdOutputDirectory && !Directory.EnumerateFileSystemEntries(OutputDirectory).Any())
                Directory.Delete(OutputDirectory);
        }
        catch (IOException)
        {
            // Clean-up is best effort; the build's own error is the one to report.
        }
    }
}
