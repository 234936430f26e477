namespace Aurae.Daemon.Artifacts;

/// <summary>
/// The store's directory tree, and the only code that touches names on disk:
/// <code>
/// ROOT/sha256/&lt;hex&gt;   content, once per distinct sha256, mode 0755 or 0644
/// ROOT/names/&lt;name&gt;   a symlink to ../sha256/&lt;hex&gt;
/// ROOT/tmp/             uploads in progress and links being made; emptied at start
/// </code>
/// The name index is a directory of symlinks rather than a JSON file: pointing a name at new
/// content is one rename(2) of a fresh link over the old one, atomic with no index to rewrite,
/// parse or lock against partial writes, and `ls -l names/` shows the state as it is.
/// tmp/ is a sibling of names/ on the same filesystem, so a link made there resolves the
/// same way and can be renamed into place.
/// </summary>
internal sealed class ArtifactLayout
{
    private const UnixFileMode PublicDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                                 UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                                                 UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const string ContentDirectoryName = "sha256";

    public ArtifactLayout(string root)
    {
        Root = Path.GetFullPath(root);
        ContentDirectory = Path.Combine(Root, ContentDirectoryName);
        NamesDirectory = Path.Combine(Root, "names");
        TempDirectory = Path.Combine(Root, "tmp");
    }

    public string Root { get; }
    public string ContentDirectory { get; }
    public string NamesDirectory { get; }
    public string TempDirectory { get; }

    public string ContentPath(string sha256) => Path.Combine(ContentDirectory, sha256);

    public string NamePath(string name) => Path.Combine(NamesDirectory, name);

    public string NewTempPath(string purpose) => Path.Combine(TempDirectory, $"{purpose}.{Guid.NewGuid():N}");

    /// <summary>Creates the tree if needed and empties tmp/ of whatever an earlier run left mid-upload.</summary>
    public void Prepare()
    {
        Directory.CreateDirectory(Root, PublicDirectory);
        Directory.CreateDirectory(ContentDirectory, PublicDirectory);
        Directory.CreateDirectory(NamesDirectory, PublicDirectory);
        Directory.CreateDirectory(TempDirectory, PrivateDirectory);
        foreach (var leftover in Directory.EnumerateFileSystemEntries(TempDirectory))
            File.Delete(leftover);
    }

    /// <summary>The sha256 <paramref name="name"/> points at, or null when there is no such name.</summary>
    public string? ReadName(string name) => TargetOf(new FileInfo(NamePath(name)));

    /// <summary>Every name and the sha256 it points at, by name; entries that are not our links are skipped.</summary>
    public IReadOnlyList<(string Name, string Sha256)> Names()
    {
        var names = new List<(string, string)>();
        foreach (var entry in new DirectoryInfo(NamesDirectory).EnumerateFileSystemInfos())
        {
            if (TargetOf(entry) is { } sha256)
                names.Add((entry.Name, sha256));
        }
        names.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return names;
    }

    /// <summary>Points <paramref name="name"/> at <paramref name="sha256"/>, replacing any previous link atomically.</summary>
    public void Link(string name, string sha256)
    {
        var temp = NewTempPath("link");
        File.CreateSymbolicLink(temp, Path.Combine("..", ContentDirectoryName, sha256));
        try
        {
            // overwrite: true is rename(2), which replaces the old link in one step.
            File.Move(temp, NamePath(name), overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public void Unlink(string name) => File.Delete(NamePath(name));

    public bool IsReferenced(string sha256) => Names().Any(n => n.Sha256 == sha256);

    /// <summary>Bytes held by all content files: what counts against the total limit.</summary>
    public long ContentBytes() =>
        new DirectoryInfo(ContentDirectory).EnumerateFiles().Sum(f => f.Length);

    public IEnumerable<string> ContentDigests() =>
        Directory.EnumerateFiles(ContentDirectory).Select(Path.GetFileName).OfType<string>();

    private static string? TargetOf(FileSystemInfo entry)
    {
        string? target;
        try
        {
            target = entry.LinkTarget;
        }
        catch (FileNotFoundException)
        {
            // readlink(2) reports a missing entry as ENOENT, not as "not a link".
            return null;
        }
        if (target is null)
            return null;
        var sha256 = Path.GetFileName(target);
        return target == Path.Combine("..", ContentDirectoryName, sha256) && ArtifactHeader.IsSha256(sha256) ? sha256 : null;
    }
}
