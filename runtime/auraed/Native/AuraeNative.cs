using System.Runtime.InteropServices;

namespace Aurae.Daemon.Native;

/// <summary>
/// The daemon's own native code (Native/spawn.c). Linked into the AOT binary (DirectPInvoke);
/// loaded as libaurae_native.so from the output directory when running on the JIT (tests).
/// </summary>
internal static unsafe partial class AuraeNative
{
    private const string Library = "aurae_native";

    /// <summary>Takes SIGCHLD from the runtime (see spawn.c); returns a pipe fd that becomes readable on each SIGCHLD.</summary>
    [LibraryImport(Library, SetLastError = true)]
    internal static partial int aurae_take_sigchld();

    /// <summary>
    /// Returns the child's pid, or -1 with the failed step (<see cref="SpawnStep"/>), errno and a
    /// detail (which binding). With a sandbox, the pid is its namespace's init and
    /// <paramref name="statusFdOut"/> the pipe the workload's wait status arrives on.
    /// </summary>
    [LibraryImport(Library)]
    internal static partial int aurae_spawn(
        byte* path, byte** argv, byte** envp, byte* workingDirectory, int cgroupFd, int uid, int gid,
        int stdinFd, int stdoutFd, int stderrFd, NativeSandbox* sandbox, int* reportFdOut,
        int* statusFdOut, int* stepOut, int* errorOut, int* detailOut);

    /// <summary>A socket (CLOEXEC) in the network namespace <paramref name="netnsFd"/> refers to (see Native/netns.c), or -1 with errno.</summary>
    [LibraryImport(Library)]
    internal static partial int aurae_socket_in_netns(int netnsFd, int domain, int type, int protocol, int* errorOut);
}
