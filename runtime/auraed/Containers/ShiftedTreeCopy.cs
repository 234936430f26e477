using Aurae.Daemon.Native;
using Aurae.Daemon.Sandbox;

namespace Aurae.Daemon.Containers;

/// <summary>
/// Copies an unpacked layer into a cell's ids: the same tree (directories, files, hard links within
/// it, symbolic links, fifos, overlayfs whiteouts and opaque directories, modes with their setuid
/// bits, times), each owner moved from the image's id N to the cell's node id First + N.
/// <para>
/// Why a copy: inside the cell's user namespace a file owned by node uid 0 is owned by nobody, so
/// the container's root could not change its own image. Linux 6.1 cannot map ids on a tmpfs mount
/// (idmapped tmpfs came in 6.3), and the node keeps its layers on tmpfs; so each cell gets the
/// layers it runs, owned by its own ids, once, shared by every container of that cell.
/// </para>
/// </summary>
internal static class ShiftedTreeCopy
{
    private const int AT_FDCWD = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const string OverlayOpaque = "trusted.overlay.opaque";

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> (which must not exist).</summary>
    public static void Copy(string source, string target, IdRange ids)
    {
        var links = new Dictionary<(ulong, ulong), string>();
        CopyEntry(source, target, ids, links);
    }

    private static unsafe void CopyEntry(string source, string target, IdRange ids, Dictionary<(ulong, ulong), string> links)
    {
        FileStatus status;
        if (LibC.lstat(source, &status) < 0)
            throw Failure("cannot read", source, LibC.LastError);
        var permissions = status.Mode & 0xFFF;
        switch (status.Type)
        {
            case FileStatus.Directory:
                Directory.CreateDirectory(target);
                Own(target, status, ids);
                CopyOpaque(source, target);
                foreach (var child in Directory.EnumerateFileSystemEntries(source))
                    CopyEntry(child, Path.Combine(target, Path.GetFileName(child)), ids, links);
                Chmod(target, permissions);
                break;
            case FileStatus.Regular:
                if (status.LinkCount > 1 && links.TryGetValue((status.Device, status.Inode), out var first))
                {
                    if (LibC.link(first, target) < 0)
                        throw Failure("cannot link", target, LibC.LastError);
                    return; // the first copy has the owner, mode and times
                }
                File.Copy(source, target);
                if (status.LinkCount > 1)
                    links[(status.Device, status.Inode)] = target;
                Own(target, status, ids); // before chmod: chown clears setuid and setgid bits
                Chmod(target, permissions);
                break;
            case FileStatus.SymbolicLink:
                File.CreateSymbolicLink(target, new FileInfo(source).LinkTarget!);
                Own(target, status, ids);
                break;
            case FileStatus.CharacterDevice when status.SpecialDevice == 0:
            case FileStatus.Fifo:
                // 0/0 character devices are overlayfs whiteouts (a file deleted by this layer).
                if (LibC.mknod(target, status.Type | permissions, 0) < 0)
                    throw Failure("cannot make", target, LibC.LastError);
                Own(target, status, ids);
                break;
            default:
                return; // devices are never unpacked (LayerApplier skips them)
        }
        var times = stackalloc Timespec[2] { status.AccessTime, status.ModificationTime };
        LibC.utimensat(AT_FDCWD, target, times, AT_SYMLINK_NOFOLLOW);
    }

    private static void Own(string path, FileStatus status, IdRange ids)
    {
        if (LibC.lchown(path, CellId(status.Uid, ids), CellId(status.Gid, ids)) < 0)
            throw Failure("cannot set the owner of", path, LibC.LastError);
    }

    // An image id past the cell's range (rare: ids above 65535) becomes the cell's "nobody".
    private static int CellId(uint id, IdRange ids) => (int)(ids.First + (id < IdRange.Size ? id : 65534));

    private static void Chmod(string path, uint mode)
    {
        if (LibC.chmod(path, mode) < 0)
            throw Failure("cannot set the mode of", path, LibC.LastError);
    }

    private static unsafe void CopyOpaque(string source, string target)
    {
        byte value;
        if (LibC.lgetxattr(source, OverlayOpaque, &value, 1) == 1 && LibC.lsetxattr(target, OverlayOpaque, &value, 1, 0) < 0)
            throw Failure("cannot mark opaque", target, LibC.LastError);
    }

    private static IOException Failure(string what, string path, int errno) => new($"{what} '{path}': {LibC.Describe(errno)}");
}
