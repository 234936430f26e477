namespace Aurae.Composer.Outputs;

/// <summary>
/// Where a build writes: files go to a hidden staging folder inside the output directory and
/// are renamed into place only when the whole build succeeded, so a failed or interrupted
/// build never leaves a half-written image where a finished one is expected. Outputs may be
/// staged from several threads at once.
/// </summary>
public sealed class StagedOutputDirectory : IDisposable
{
    private readonly bool _createdOutputDirectory;
    private readonly List<string> _files = [];
    private readonly List<string> _directories = [];
    private readonly Lock _gate = new();
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

    /// <summary>
    /// Creates a staged file; its final name is <paramref name="name"/> in the output directory,
    /// or <c>DIR/NAME</c> inside a directory made with <see cref="CreateDirectory"/>.
    /// </summary>
    public FileStream Create(string name, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite |
                                                              UnixFileMode.GroupRead | UnixFileMode.OtherRead)
    {
        var parts = name.Split('/');
        lock (_gate)
        {
            var fresh = parts.Length switch
            {
                1 => IsPlainName(name) && !_directories.Contains(name),
                2 => _directories.Contains(parts[0]) && IsPlainName(parts[1]),
                _ => false,
            };
            if (!fresh || _files.Contains(name))
                throw new ArgumentException($"'{name}' is not a fresh plain file name", nameof(name));
            _files.Add(name);
        }
        return new FileStream(Path.Combine(StagingDirectory, name), new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = mode,
            BufferSize = 1 << 16,
        });
    }

    /// <summary>
    /// Registers a staged file that the caller creates itself at the returned path (a writer that
    /// needs a seekable, sized file, such as the raw disk); committed like <see cref="Create"/>'s.
    /// </summary>
    public string CreatePath(string name)
    {
        using (Create(name))
        {
        }
        var path = Path.Combine(StagingDirectory, name);
        File.Delete(path);
        return path;
    }

    /// <summary>
    /// Stages a directory that replaces any older one of the same name as a whole at commit, so
    /// a bundle (the microVM files) never mixes files of two builds.
    /// </summary>
    public void CreateDirectory(string name)
    {
        lock (_gate)
        {
            if (!IsPlainName(name) || _directories.Contains(name) || _files.Contains(name))
                throw new ArgumentException($"'{name}' is not a fresh plain directory name", nameof(name));
            _directories.Add(name);
        }
        Directory.CreateDirectory(Path.Combine(StagingDirectory, name));
    }

    /// <summary>
    /// A path for an intermediate file (a raw disk other outputs are converted from) that is
    /// never committed: it goes with the staging folder.
    /// </summary>
    public string ScratchPath(string name)
    {
        if (!IsPlainName(name))
            throw new ArgumentException($"'{name}' is not a plain file name", nameof(name));
        var scratch = Path.Combine(StagingDirectory, ".scratch");
        Directory.CreateDirectory(scratch);
        return Path.Combine(scratch, name);
    }

    /// <summary>Moves every staged file into place (replacing older ones) and returns their final paths, in path order.</summary>
    public IReadOnlyList<string> Commit()
    {
        var finalPaths = new List<string>();
        foreach (var name in _directories)
        {
            var final = Path.Combine(OutputDirectory, name);
            if (File.Exists(final))
                throw new IOException($"cannot write directory '{final}': a file of that name is in the way");
            // Rename the old bundle aside first: directories cannot be replaced in one rename.
            var old = Path.Combine(StagingDirectory, ".old-" + name);
            if (Directory.Exists(final))
                Directory.Move(final, old);
            Directory.Move(Path.Combine(StagingDirectory, name), final);
        }
        foreach (var name in _files)
        {
            var final = Path.Combine(OutputDirectory, name);
            if (!name.Contains('/'))
                File.Move(Path.Combine(StagingDirectory, name), final, overwrite: true);
            finalPaths.Add(final);
        }
        _committed = true;
        Directory.Delete(StagingDirectory, recursive: true);
        // Outputs are written concurrently: path order keeps the list the same from build to build.
        finalPaths.Sort(StringComparer.Ordinal);
        return finalPaths;
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && !name.Contains('/') && name is not ("." or "..") && !name.StartsWith('.');

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
