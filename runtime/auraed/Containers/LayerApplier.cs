using System.Formats.Tar;
using Aurae.Daemon.Native;
using Aurae.Contract.Oci;

namespace Aurae.Daemon.Containers;

/// <summary>
/// Applies one image layer (an uncompressed tar, image-spec layer.md "Applying Changesets") to a
/// root: the layer's own directory for the first layer, and for the others an overlayfs view of
/// the layers beneath with the new layer's directory as its upper (see <see cref="LayerStore"/>),
/// so that every change lands in the new layer the way overlayfs records it, as containerd
/// applies layers. Each entry is written as itself (owner, mode with its setuid and setgid bits,
/// modification time); a whiteout <c>.wh.NAME</c> removes NAME and an opaque marker
/// <c>.wh..wh..opq</c> everything its directory held beneath (overlayfs then records whiteouts).
/// Device nodes are skipped: a tenant gets the devices the node gives it.
/// </summary>
/// <remarks>
/// Hostile layers are refused, naming the entry: a path that is absolute or climbs with "..",
/// an entry or hard link reached through a symbolic link (or a file) in the root, which could
/// write outside it; past <see cref="ImageLimits.MaxLayerBytes"/> or
/// <see cref="ImageLimits.MaxLayerEntries"/> it stops. Nothing here follows a link: every parent
/// is checked with lstat before anything is created under it.
/// </remarks>
public sealed unsafe class LayerApplier
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;

    private readonly string _root;
    private readonly string _where;
    private readonly ImageLimits _limits;
    // Relative paths known to be real directories of the root.
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal) { "" };
    // Directory times are set last: writing into a directory changes its own.
    private readonly List<(string Path, DateTimeOffset Modified)> _directoryTimes = [];

    private LayerApplier(string root, string where, ImageLimits limits)
    {
        _root = root;
        _where = where;
        _limits = limits;
    }

    /// <summary>What a layer held.</summary>
    public readonly record struct Applied(int Entries, long Bytes, int SkippedDevices);

    /// <summary>Applies the tar read from <paramref name="tar"/> to the root <paramref name="directory"/>.</summary>
    /// <param name="where">How errors name the layer ("layer sha256:… ('blobs/sha256/…')").</param>
    public static Applied Apply(Stream tar, string directory, string where, ImageLimits limits) =>
        new LayerApplier(Path.GetFullPath(directory), where, limits).Run(tar);

    private Applied Run(Stream tar)
    {
        int entries = 0, skipped = 0;
        long bytes = 0;
        TarReader reader;
        try
        {
            reader = new TarReader(tar, leaveOpen: true);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw ImageException.Invalid(_where, $"not a tar archive: {e.Message}");
        }
        using (reader)
        {
            while (Next(reader) is { } entry)
            {
                if (++entries > _limits.MaxLayerEntries)
                    throw ImageException.Limit(_where, $"more than {_limits.MaxLayerEntries} entries");
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile)
                {
                    bytes += entry.Length;
                    if (bytes > _limits.MaxLayerBytes)
                        throw ImageException.Limit(_where, $"expands past {_limits.MaxLayerBytes} bytes of files (at '{entry.Name}')");
                }
                if (!ApplyEntry(entry))
                    skipped++;
            }
        }
        foreach (var (path, modified) in _directoryTimes.OrderByDescending(d => d.Path.Length))
            SetTime(path, modified);
        return new Applied(entries, bytes, skipped);
    }

    private TarEntry? Next(TarReader reader)
    {
        try
        {
            return reader.GetNextEntry(copyData: false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw ImageException.Invalid(_where, $"truncated or not a tar archive: {e.Message}");
        }
    }

    /// <summary>Applies one entry; false when it was skipped (a device node).</summary>
    private bool ApplyEntry(TarEntry entry)
    {
        var parts = RelativeParts(entry.Name, entry.Name);
        var name = parts.Length == 0 ? "" : parts[^1];
        var parent = string.Join('/', parts.SkipLast(1));

        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            EnsureDirectory(parent, entry.Name);
            if (name == OpaqueMarker)
                RemoveChildren(parent, entry.Name);
            else if (!name.StartsWith(WhiteoutPrefix + WhiteoutPrefix, StringComparison.Ordinal)) // .wh..wh.*: aufs's own, no meaning here
                Replace(Absolute(Join(parent, name[WhiteoutPrefix.Length..])), entry.Name);
            return true;
        }

        var relative = string.Join('/', parts);
        if (parts.Length > 0)
            EnsureDirectory(parent, entry.Name);
        var path = Absolute(relative);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (parts.Length > 0 && Type(path) is { } existing && existing != FileStatus.Directory)
                    Remove(path, entry.Name);
                if (parts.Length > 0 && Type(path) is null)
                    Directory.CreateDirectory(path);
                _directories.Add(relative);
                Own(path, entry);
                _directoryTimes.Add((path, entry.ModificationTime));
                return true;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                Replace(path, entry.Name);
                using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    entry.DataStream?.CopyTo(file);
                Own(path, entry);
                SetTime(path, entry.ModificationTime);
                return true;
            case TarEntryType.SymbolicLink:
                if (entry.LinkName.Length == 0)
                    throw Invalid(entry.Name, "a symbolic link to nothing");
                Replace(path, entry.Name);
                File.CreateSymbolicLink(path, entry.LinkName);
                Own(path, entry);
                SetTime(path, entry.ModificationTime);
                return true;
            case TarEntryType.HardLink:
                var target = string.Join('/', RelativeParts(entry.LinkName, entry.Name));
                CheckExistingParents(target, entry.Name);
                var targetType = Type(Absolute(target));
                if (targetType is null or FileStatus.Directory)
                    throw Invalid(entry.Name, $"a hard link to '{entry.LinkName}', which is {(targetType is null ? "not in the image" : "a directory")}");
                Replace(path, entry.Name);
                if (LibC.link(Absolute(target), path) < 0)
                    throw Io(entry.Name, "link", LibC.LastError);
                return true;
            case TarEntryType.Fifo:
                Replace(path, entry.Name);
                if (LibC.mknod(path, FileStatus.Fifo | (uint)entry.Mode & 0xFFF, 0) < 0)
                    throw Io(entry.Name, "mknod", LibC.LastError);
                Own(path, entry);
                SetTime(path, entry.ModificationTime);
                return true;
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                return false;
            default:
                throw Invalid(entry.Name, $"a {entry.EntryType} entry, which a layer may not hold");
        }
    }

    /// <summary>
    /// A path of the layer as components: "./a//b/" is [a, b]; "." and "" the layer's root ([]).
    /// Absolute paths and ".." are refused: an image's paths are relative to its root and stay in it.
    /// </summary>
    private string[] RelativeParts(string name, string entryName)
    {
        if (name.StartsWith('/'))
            throw Invalid(entryName, $"'{name}' is an absolute path; a layer's paths are relative to the image's root");
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Contains(".."))
            throw Invalid(entryName, $"'{name}' climbs out with '..'");
        return parts;
    }

    /// <summary>
    /// Makes <paramref name="relative"/> a real directory of the root, creating what is missing
    /// (owned by root, 0755, as tar does); a symbolic link or file on the way is refused.
    /// </summary>
    private void EnsureDirectory(string relative, string entryName)
    {
        if (_directories.Contains(relative))
            return;
        var slash = relative.LastIndexOf('/');
        EnsureDirectory(slash < 0 ? "" : relative[..slash], entryName);
        var path = Absolute(relative);
        switch (Type(path))
        {
            case null:
                Directory.CreateDirectory(path);
                break;
            case FileStatus.Directory:
                break;
            case FileStatus.SymbolicLink:
                throw Invalid(entryName, $"its parent '{relative}' is a symbolic link: writing through it could leave the image");
            default:
                throw Invalid(entryName, $"its parent '{relative}' is not a directory");
        }
        _directories.Add(relative);
    }

    /// <summary>Every parent of <paramref name="relative"/> must be a real directory already (a hard link's target).</summary>
    private void CheckExistingParents(string relative, string entryName)
    {
        var parent = relative.Contains('/') ? relative[..relative.LastIndexOf('/')] : "";
        if (_directories.Contains(parent))
            return;
        var path = "";
        foreach (var part in parent.Split('/'))
        {
            path = Join(path, part);
            if (!_directories.Contains(path) && Type(Absolute(path)) != FileStatus.Directory)
                throw Invalid(entryName, $"a hard link through '{path}', which is not a directory");
        }
    }

    /// <summary>An opaque directory: what the layers beneath put in it is gone.</summary>
    private void RemoveChildren(string relative, string entryName)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(Absolute(relative)))
            Remove(child, entryName);
    }

    /// <summary>Makes room for a non-directory (or carries out a whiteout): what is there goes.</summary>
    private void Replace(string path, string entryName)
    {
        if (Type(path) is not null)
            Remove(path, entryName);
    }

    private void Remove(string path, string entryName)
    {
        if (Type(path) == FileStatus.Directory)
        {
            // Recursive deletion does not follow links; known directories beneath are forgotten.
            Directory.Delete(path, recursive: true);
            var relative = Path.GetRelativePath(_root, path);
            _directories.RemoveWhere(d => d == relative || d.StartsWith(relative + "/", StringComparison.Ordinal));
        }
        else
        {
            File.Delete(path); // unlink: a link, a file, a whiteout
        }
        if (Type(path) is not null)
            throw Invalid(entryName, "could not replace what an earlier entry put there");
    }

    private void Own(string path, TarEntry entry)
    {
        if (LibC.lchown(path, entry.Uid, entry.Gid) < 0)
            throw Io(entry.Name, "lchown", LibC.LastError);
        // After chown, which clears setuid and setgid; a symbolic link has no mode of its own.
        if (entry.EntryType != TarEntryType.SymbolicLink)
            File.SetUnixFileMode(path, entry.Mode);
    }

    private static void SetTime(string path, DateTimeOffset modified)
    {
        var times = stackalloc Timespec[2];
        var seconds = modified.ToUnixTimeSeconds();
        var nanoseconds = (modified.UtcTicks - DateTimeOffset.FromUnixTimeSeconds(seconds).UtcTicks) * 100;
        times[0] = new Timespec { Seconds = seconds, Nanoseconds = nanoseconds };
        times[1] = times[0];
        LibC.utimensat(AtFdCwd, path, times, AtSymlinkNoFollow); // a time that cannot be set is no reason to refuse a layer
    }

    /// <summary>The file type at <paramref name="path"/> (lstat: a link is a link), or null when nothing is there.</summary>
    private static uint? Type(string path)
    {
        FileStatus status;
        return LibC.lstat(path, &status) == 0 ? status.Type : null;
    }

    private string Absolute(string relative) => relative.Length == 0 ? _root : Path.Join(_root, relative);

    private static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "/" + name;

    private ImageException Invalid(string entryName, string problem) => ImageException.Invalid(_where, $"'{entryName}': {problem}");

    private Exception Io(string entryName, string call, int errno) =>
        new IOException($"{_where}: '{entryName}': {call} failed: {LibC.Describe(errno)}");
}
