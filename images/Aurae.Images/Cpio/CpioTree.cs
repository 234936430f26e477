using Aurae.Images.Reproducibility;

namespace Aurae.Images.Cpio;

/// <summary>
/// Collects the entries of an archive by path and writes them in a canonical order. The kernel does
/// not create missing parent directories when unpacking an initramfs, so any parent not added
/// explicitly is created here (mode 0755, root-owned, the tree's <see cref="ImplicitDirectoryTime"/>), and every
/// directory is written before its contents.
/// </summary>
/// <remarks>
/// Order: paths are compared component by component with ordinal comparison, so a directory precedes
/// its subtree and a subtree is contiguous ("a", "a/b", "a-b"). The output therefore does not depend on
/// the order of <see cref="Add"/> calls.
/// </remarks>
public sealed class CpioTree
{
    /// <summary>Mode of directories created implicitly as parents: rwxr-xr-x.</summary>
    public const UnixFileMode ImplicitDirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);

    /// <summary>A tree whose implicit parent directories carry <see cref="SourceDateEpoch.Default"/>.</summary>
    public CpioTree()
        : this(SourceDateEpoch.Default)
    {
    }

    /// <summary>A tree whose implicit parent directories carry <paramref name="implicitDirectoryTime"/>, usually the build's time.</summary>
    public CpioTree(DateTimeOffset implicitDirectoryTime)
    {
        ImplicitDirectoryTime = implicitDirectoryTime;
    }

    /// <summary>The modification time of the parent directories the tree creates.</summary>
    public DateTimeOffset ImplicitDirectoryTime { get; }

    /// <summary>Number of entries, including implicitly created parent directories.</summary>
    public int Count => _nodes.Count;

    /// <summary>Whether an entry (explicit or implicit) exists at <paramref name="path"/>.</summary>
    public bool Contains(string path) => _nodes.ContainsKey(path);

    /// <summary>
    /// Adds an entry, creating missing parent directories. An explicitly added directory replaces a
    /// parent that was created implicitly; any other repeated path is an error, as is a path beneath
    /// something that is not a directory.
    /// </summary>
    public void Add(CpioEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string path = entry.Path;

        if (_nodes.TryGetValue(path, out Node? existing))
        {
            if (existing.IsImplicit && entry.EntryType == CpioEntryType.Directory)
            {
                _nodes[path] = new Node(entry, IsImplicit: false);
                return;
            }

            string detail = existing.IsImplicit
                ? "it was already created as the parent directory of another entry"
                : $"it was already added as {existing.Entry}";
            throw new ArgumentException($"Duplicate cpio path '{path}': {detail}.", nameof(entry));
        }

        EnsureParents(path);
        _nodes.Add(path, new Node(entry, IsImplicit: false));
    }

    /// <summary>All entries in write order (parents before children).</summary>
    public IReadOnlyList<CpioEntry> GetEntries()
    {
        var paths = new List<string>(_nodes.Keys);
        paths.Sort(ComparePaths);
        return paths.ConvertAll(path => _nodes[path].Entry);
    }

    /// <summary>Writes all entries to <paramref name="writer"/> in order. Does not dispose the writer.</summary>
    public void WriteTo(CpioWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (CpioEntry entry in GetEntries())
        {
            writer.WriteEntry(entry);
        }
    }

    /// <summary>Writes all entries to <paramref name="writer"/> in order. Does not dispose the writer.</summary>
    public async Task WriteToAsync(CpioWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (CpioEntry entry in GetEntries())
        {
            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Component-wise ordinal comparison: equivalent to an ordinal comparison in which '/' sorts before
    /// every other character (paths hold no NULs and no empty components).
    /// </summary>
    public static int ComparePaths(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int common = Math.Min(x.Length, y.Length);
        for (int i = 0; i < common; i++)
        {
            char a = x[i], b = y[i];
            if (a != b)
            {
                if (a == '/')
                {
                    return -1;
                }

                return b == '/' ? 1 : a.CompareTo(b);
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    private void EnsureParents(string path)
    {
        // Walk ancestors from the nearest up; stop at the first one that already exists.
        var missing = new Stack<string>();
        for (int slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            string parent = path[..slash];
            if (_nodes.TryGetValue(parent, out Node? node))
            {
                if (node.Entry.EntryType != CpioEntryType.Directory)
                {
                    throw new ArgumentException(
                        $"Cannot add cpio path '{path}': its parent '{parent}' is not a directory but {node.Entry}.");
                }

                break;
            }

            missing.Push(parent);
        }

        foreach (string parent in missing)
        {
            _nodes.Add(parent, new Node(CpioEntry.Directory(parent, ImplicitDirectoryMode) with { ModificationTime = ImplicitDirectoryTime }, IsImplicit: true));
        }
    }

    private sealed record Node(CpioEntry Entry, bool IsImplicit);
}
