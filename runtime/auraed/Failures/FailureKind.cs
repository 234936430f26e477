namespace Aurae.Daemon.Failures;

/// <summary>
/// What went wrong, in the daemon's own terms. Domain code says which; only the API's edge
/// (<c>Api/FailureStatus</c>) knows which gRPC status each becomes, so cells, executables and
/// the rest need no gRPC types.
/// </summary>
public enum FailureKind
{
    /// <summary>The request itself is wrong: a malformed name, a value out of range, a field that must be left unset.</summary>
    InvalidRequest,

    /// <summary>No such cell, executable, artifact, cgroup, directory or program.</summary>
    NotFound,

    /// <summary>The cell, executable, cgroup or node port is there already.</summary>
    AlreadyExists,

    /// <summary>
    /// Not in this state: a cell being freed or with child cells, a cell that runs processes, a
    /// node without cgroup v2 or a controller, a kernel too old for what is asked.
    /// </summary>
    WrongState,

    /// <summary>A limit of the node or the kernel: no more cgroups, processes or pipes.</summary>
    OutOfResources,

    /// <summary>The kernel forbids it: a directory or program that may not be entered or run, an id switch.</summary>
    NotPermitted,

    /// <summary>This daemon does not do that (containers, when it has no image store).</summary>
    NotSupported,

    /// <summary>Something broke that the request could not have avoided (a cgroup file that cannot be written, say).</summary>
    Fault,
}
