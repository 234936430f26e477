using System.Runtime.InteropServices;
using System.Text;
using Aurae.Daemon.Failures;
using Aurae.Daemon.Native;
using Aurae.Daemon.Sandbox;

namespace Aurae.Daemon.Executables;

/// <summary>
/// Starts a <see cref="LaunchPlan"/> with aurae_spawn (Native/spawn.c): born in its cgroup,
/// stdin /dev/null, stdout and stderr into fresh pipes whose read ends are returned; isolated
/// in its <see cref="WorkloadSandbox"/> unless the plan has none (a privileged cell). Never
/// waits for the child; the daemon's child reaper does.
/// </summary>
internal static unsafe class ProcessLauncher
{
    private const int O_RDONLY = 0;
    private const int O_DIRECTORY = 0x10000;
    private const int O_CLOEXEC = 0x80000;
    private const int SockFilterSize = 8; // struct sock_filter: u16 code, u8 jt, u8 jf, u32 k

    /// <summary>
    /// A started process and the read ends (owned by the caller) of its stdout and stderr, for a
    /// sandboxed one the pipe its init reports the workload's wait status on (else -1), and the
    /// socket <see cref="ExecReport.AwaitAsync"/> learns from whether its program runs.
    /// </summary>
    public readonly record struct Launched(int Pid, int StdoutFd, int StderrFd, int WorkloadStatusFd, int ReportFd);

    /// <summary>
    /// Creates the process and returns at once: it may still be setting itself up (an isolated
    /// one builds its root). <see cref="ExecReport.AwaitAsync"/> then says whether its program started.
    /// </summary>
    public static Launched Launch(LaunchPlan plan, string? cgroupDirectory)
    {
        var cgroupFd = -1;
        int* stdoutPipe = stackalloc int[2] { -1, -1 };
        int* stderrPipe = stackalloc int[2] { -1, -1 };
        var launched = false;
        try
        {
            if (cgroupDirectory is not null)
            {
                cgroupFd = LibC.open(cgroupDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
                if (cgroupFd < 0)
                    throw Failure(FailureKind.NotFound, $"cannot open the cell's cgroup '{cgroupDirectory}'", LibC.LastError);
            }
            // CLOEXEC: a process spawned at the same time elsewhere must not inherit them.
            if (LibC.pipe2(stdoutPipe, O_CLOEXEC) < 0 || LibC.pipe2(stderrPipe, O_CLOEXEC) < 0)
                throw Failure(FailureKind.OutOfResources, "cannot create output pipes", LibC.LastError);

            using var path = new NativeStrings([plan.Path]);
            using var argv = new NativeStrings(plan.Argv);
            using var environment = new NativeStrings(plan.Environment);
            using var workingDirectory = new NativeStrings([plan.WorkingDirectory]);
            int statusFd, reportFd, step, error, detail;
            int pid;
            if (plan.Sandbox is { } sandbox)
            {
                using var root = new NativeStrings(sandbox.RootSource is { } source
                    ? [sandbox.RootMountpoint, sandbox.Hostname, source]
                    : [sandbox.RootMountpoint, sandbox.Hostname]);
                using var sources = new NativeStrings(sandbox.Bindings.Select(b => b.Source).ToList());
                using var targets = new NativeStrings(sandbox.Bindings.Select(b => b.Target).ToList());
                fixed (byte* filter = sandbox.SeccompProgram.Span)
                {
                    var native = new NativeSandbox
                    {
                        IdBase = sandbox.Ids.First,
                        IdCount = IdRange.Size,
                        NewNetwork = sandbox.OwnNetwork ? 1 : 0,
                        Root = root.Array[0],
                        Hostname = root.Array[1],
                        BindSources = sources.Array,
                        BindTargets = targets.Array,
                        Capabilities = sandbox.Capabilities.Mask,
                        SeccompFilter = filter,
                        SeccompLength = (uint)(sandbox.SeccompProgram.Length / SockFilterSize),
                        RootSource = sandbox.RootSource is null ? null : root.Array[2],
                    };
                    pid = AuraeNative.aurae_spawn(path.Array[0], argv.Array, environment.Array, workingDirectory.Array[0],
                        cgroupFd, plan.Uid, plan.Gid, -1, stdoutPipe[1], stderrPipe[1], &native, &reportFd, &statusFd, &step, &error, &detail);
                }
            }
            else
            {
                pid = AuraeNative.aurae_spawn(path.Array[0], argv.Array, environment.Array, workingDirectory.Array[0],
                    cgroupFd, plan.Uid, plan.Gid, -1, stdoutPipe[1], stderrPipe[1], null, &reportFd, &statusFd, &step, &error, &detail);
            }
            if (pid < 0)
                throw SpawnFailure.Describe(plan, cgroupDirectory, (SpawnStep)step, error, detail);
            launched = true;
            return new Launched(pid, stdoutPipe[0], stderrPipe[0], statusFd, reportFd);
        }
        finally
        {
            // The child has its own copies of the write ends; ours must go so EOF can come.
            CloseIfOpen(cgroupFd);
            CloseIfOpen(stdoutPipe[1]);
            CloseIfOpen(stderrPipe[1]);
            if (!launched)
            {
                CloseIfOpen(stdoutPipe[0]);
                CloseIfOpen(stderrPipe[0]);
            }
        }
    }

    private static void CloseIfOpen(int fd)
    {
        if (fd >= 0)
            LibC.close(fd);
    }

    private static FailureException Failure(FailureKind kind, string what, int errno) =>
        new(kind, $"{what}: {LibC.Describe(errno)}");

    /// <summary>NUL-terminated UTF-8 copies of strings and a NULL-terminated array of pointers to them, in one native block.</summary>
    private sealed class NativeStrings : IDisposable
    {
        private readonly void* _block;

        public NativeStrings(IReadOnlyList<string> strings)
        {
            var pointerBytes = (nuint)(strings.Count + 1) * (nuint)sizeof(byte*);
            nuint textBytes = 0;
            foreach (var s in strings)
                textBytes += (nuint)Encoding.UTF8.GetByteCount(s) + 1;
            _block = NativeMemory.Alloc(pointerBytes + textBytes);
            Array = (byte**)_block;
            var text = (byte*)_block + pointerBytes;
            for (var i = 0; i < strings.Count; i++)
            {
                Array[i] = text;
                var length = Encoding.UTF8.GetBytes(strings[i], new Span<byte>(text, (int)textBytes));
                text[length] = 0;
                text += length + 1;
                textBytes -= (nuint)length + 1;
            }
            Array[strings.Count] = null;
        }

        public byte** Array { get; }

        public void Dispose() => NativeMemory.Free(_block);
    }
}
