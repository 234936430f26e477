using Aurae.Daemon.Native;

namespace Aurae.Daemon.Cells;

/// <summary>
/// A cgroupfs operation failed. Carries the errno because in cgroupfs it is the message:
/// EBUSY on cgroup.procs is the no-internal-processes rule, ENOENT on "+memory" a missing
/// controller, EINVAL on cpuset.cpus a CPU the machine does not have.
/// </summary>
public sealed class CgroupIOException : IOException
{
    public CgroupIOException(string operation, string path, int errno)
        : base($"{operation} {path}: {LibC.Describe(errno)}")
    {
        Operation = operation;
        Path = path;
        Errno = errno;
    }

    public CgroupIOException(string operation, string path, Exception inner)
        : base($"{operation} {path}: {inner.Message}", inner)
    {
        Operation = operation;
        Path = path;
    }

    public string Operation { get; }

    public string Path { get; }

    /// <summary>The errno, or 0 when the failure did not come with one.</summary>
    public int Errno { get; }
}
