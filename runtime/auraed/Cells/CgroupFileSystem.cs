using System.Text;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Cells;

/// <summary>
/// The four things Aurae does to cgroupfs: write a value, read a value, make a group, remove a
/// group. Virtual so tests can stand in for the kernel (create the interface files on mkdir,
/// drain a group on cgroup.kill) on an ordinary temporary directory.
/// </summary>
public class CgroupFileSystem
{
    /// <summary>Writes <paramref name="text"/> with one write(2), as cgroupfs requires; the file must exist.</summary>
    public virtual unsafe void Write(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        int fd;
        do
            fd = CgroupSyscalls.open(path, CgroupSyscalls.O_WRONLY | CgroupSyscalls.O_TRUNC | CgroupSyscalls.O_CLOEXEC, 0);
        while (fd < 0 && LibC.LastError == Errno.EINTR);
        if (fd < 0)
            throw new CgroupIOException("open", path, LibC.LastError);
        try
        {
            nint written;
            fixed (byte* start = bytes)
            {
                do
                    written = CgroupSyscalls.write(fd, start, (nuint)bytes.Length);
                while (written < 0 && LibC.LastError == Errno.EINTR);
            }
            if (written < 0)
                throw new CgroupIOException($"write '{text}' to", path, LibC.LastError);
            if (written != bytes.Length)
                throw new CgroupIOException($"write '{text}' to", path, new IOException($"only {written} of {bytes.Length} bytes were taken"));
        }
        finally
        {
            CgroupSyscalls.close(fd);
        }
    }

    /// <summary>The file's content, or null when it does not exist (an absent controller, a removed group).</summary>
    public virtual string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CgroupIOException("read", path, e);
        }
    }

    public virtual bool FileExists(string path) => File.Exists(path);

    /// <summary>mkdir; EEXIST is reported, not ignored: it tells an allocated name from a new one.</summary>
    public virtual void MakeDirectory(string path)
    {
        if (CgroupSyscalls.mkdir(path, 0b111_101_101) != 0)
            throw new CgroupIOException("mkdir", path, LibC.LastError);
    }

    /// <summary>rmdir; cgroupfs removes a group with its interface files once it has no processes or children.</summary>
    public virtual void RemoveDirectory(string path)
    {
        if (CgroupSyscalls.rmdir(path) != 0)
            throw new CgroupIOException("rmdir", path, LibC.LastError);
    }
}
