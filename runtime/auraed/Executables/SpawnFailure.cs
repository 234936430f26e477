using Aurae.Daemon.Failures;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Executables;

/// <summary>Turns a failed aurae_spawn (step + errno) into a failure (kind and message) a client can act on.</summary>
internal static class SpawnFailure
{
    private const int EPERM = 1;
    private const int ENOENT = 2;
    private const int E2BIG = 7;
    private const int ENOEXEC = 8;
    private const int EAGAIN = 11;
    private const int ENOMEM = 12;
    private const int EACCES = 13;
    private const int EBUSY = 16;
    private const int ENOTDIR = 20;
    private const int EINVAL = 22;
    private const int ENOSYS = 38;
    private const int EOPNOTSUPP = 95;

    public static FailureException Describe(LaunchPlan plan, string? cgroupDirectory, SpawnStep step, int errno, int detail = 0)
    {
        var (kind, message) = step switch
        {
            SpawnStep.UserMap => (errno == EPERM ? FailureKind.WrongState : FailureKind.Fault,
                $"cannot map the cell's ids {plan.Sandbox?.Ids} into its user namespace (the daemon must run as root)"),
            SpawnStep.Bind when plan.Sandbox is { } sandbox && detail >= 0 && detail < sandbox.Bindings.Count => (
                errno is ENOENT or ENOTDIR ? FailureKind.NotFound : FailureKind.Fault,
                $"cannot bind '{sandbox.Bindings[detail].Source}' at '{sandbox.Bindings[detail].Target}' in its root"),
            // Native/init_image.c: the namespace init's memfd could not be made.
            SpawnStep.Init when detail == 2 => (errno == EACCES ? FailureKind.WrongState : FailureKind.OutOfResources,
                errno == EACCES
                    ? "the kernel refuses executable memfds (vm.memfd_noexec = 2), from which the cell's init is started"
                    : "cannot prepare the cell's init"),
            SpawnStep.CgroupNamespace or SpawnStep.Root or SpawnStep.Proc or SpawnStep.Dev or SpawnStep.Sys or SpawnStep.Mask
                or SpawnStep.EnterRoot or SpawnStep.Hostname or SpawnStep.Capabilities or SpawnStep.NoNewPrivs or SpawnStep.Seccomp
                or SpawnStep.Init or SpawnStep.Loopback => (FailureKind.Fault, $"isolating the workload failed at step {step} ({detail})"),
            SpawnStep.Clone => Clone(cgroupDirectory, errno),
            SpawnStep.Exec => Exec(plan.Path, errno),
            SpawnStep.ChangeDirectory => (errno is ENOENT or ENOTDIR ? FailureKind.NotFound : errno == EACCES ? FailureKind.NotPermitted : FailureKind.Fault,
                $"cannot enter working directory '{plan.WorkingDirectory}'"),
            SpawnStep.Uid or SpawnStep.Gid or SpawnStep.Groups => (FailureKind.NotPermitted,
                $"cannot switch to uid {plan.Uid} / gid {plan.Gid} ({step})"),
            _ => (FailureKind.Fault, $"preparing the process failed at step {step}"),
        };
        return new FailureException(kind, $"cannot start '{plan.Name}': {message}: {LibC.Describe(errno)}");
    }

    private static (FailureKind, string) Clone(string? cgroupDirectory, int errno) => errno switch
    {
        // pids.max of the cell, or the node's process limit.
        EAGAIN or ENOMEM => (FailureKind.OutOfResources, "no room for another process"),
        ENOSYS or EINVAL when cgroupDirectory is not null =>
            (FailureKind.WrongState, "the kernel cannot start a process directly in a cgroup (clone3 CLONE_INTO_CGROUP needs Linux 5.7+)"),
        EBUSY or EOPNOTSUPP when cgroupDirectory is not null =>
            (FailureKind.WrongState, $"cgroup '{cgroupDirectory}' cannot hold processes (it delegates controllers to child cgroups, or is threaded)"),
        ENOENT when cgroupDirectory is not null => (FailureKind.NotFound, $"cgroup '{cgroupDirectory}' was removed"),
        _ => (FailureKind.Fault, "clone3 failed"),
    };

    private static (FailureKind, string) Exec(string path, int errno) => errno switch
    {
        ENOENT => (FailureKind.NotFound, $"'{path}' or its interpreter / dynamic loader does not exist"),
        EACCES => (FailureKind.NotPermitted, $"'{path}' may not be executed"),
        ENOEXEC => (FailureKind.InvalidRequest, $"'{path}' is not in an executable format"),
        E2BIG => (FailureKind.InvalidRequest, "argv and environment are too large for the kernel"),
        _ => (FailureKind.Fault, $"execve '{path}' failed"),
    };
}
