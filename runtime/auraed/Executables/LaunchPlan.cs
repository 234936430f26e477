using Aurae.Contract.Files;
using Aurae.Contract.Names;
using System.Text;
using Aurae.Api.Cells.V0;
using Aurae.Daemon.Failures;
using Aurae.Daemon.Sandbox;

namespace Aurae.Daemon.Executables;

/// <summary>
/// A checked <see cref="Executable"/> request, ready to spawn: program path, argv, the exact
/// environment ("KEY=value"), working directory and credentials (-1: unchanged), and the sandbox
/// it runs in (null: the node's namespaces and root, a privileged cell). Paths are checked where
/// the program will see them: on the node, or among the files bound into its own root.
/// Everything a client can get wrong is rejected here with a precise failure (kind and message), before any process exists.
/// </summary>
internal sealed record LaunchPlan(
    string Name, string Path, IReadOnlyList<string> Argv, IReadOnlyList<string> Environment,
    string WorkingDirectory, int Uid, int Gid, WorkloadSandbox? Sandbox)
{
    public const string Shell = "/bin/sh";
    public const int MaxEntries = 4096;
    public const int MaxTotalBytes = 1024 * 1024;
    private const string DefaultPath = "PATH=/bin:/usr/bin:/sbin:/usr/sbin";

    public static LaunchPlan From(Executable executable, WorkloadSandbox? sandbox = null)
    {
        if (ExecutableName.Validate(executable.Name) is { } problem)
            throw FailureException.Invalid(problem);
        var argv = ChooseArgv(executable, sandbox);
        RequireFits("argv", argv);
        var environment = BuildEnvironment(executable);
        RequireFits("environment", environment);
        var path = argv[0];
        RequireProgram(path, sandbox);

        var workingDirectory = executable.WorkingDirectory.Length == 0 ? "/" : executable.WorkingDirectory;
        if (!workingDirectory.StartsWith('/') || workingDirectory.Contains('\0'))
            throw Invalid($"working directory '{workingDirectory}' must be an absolute path");
        // An isolated workload's root is made for it: the directory is created there.
        if (sandbox is null && !Directory.Exists(workingDirectory))
            throw new FailureException(FailureKind.NotFound, $"working directory '{workingDirectory}' does not exist");
        if (sandbox is not null && ArtifactBindings.Reserved(workingDirectory) is { } reserved)
            throw Invalid($"working directory '{workingDirectory}' is inside {reserved}, which the node provides");

        return new LaunchPlan(executable.Name, path, argv, environment, workingDirectory,
            Credential("uid", executable.HasUid, executable.Uid, sandbox), Credential("gid", executable.HasGid, executable.Gid, sandbox),
            sandbox);
    }

    private static List<string> ChooseArgv(Executable executable, WorkloadSandbox? sandbox)
    {
        if (executable.Command.Length > 0)
        {
            // Aurae's meaning of command: a shell line.
            if (executable.Argv.Count > 0)
                throw Invalid("give either command (run by /bin/sh -c) or argv, not both");
            if (sandbox is null && !File.Exists(Shell))
                throw new FailureException(FailureKind.WrongState,
                    "no /bin/sh on the node: push a shell (e.g. busybox) and use argv");
            if (sandbox is not null && Bound(sandbox, Shell) is null)
                throw new FailureException(FailureKind.WrongState,
                    "no /bin/sh in the workload's root: bind a shell artifact there (e.g. busybox at /bin/sh) or use argv");
            return [Shell, "-c", executable.Command];
        }
        if (executable.Argv.Count == 0)
            throw Invalid("the executable needs a command or a non-empty argv");
        return [.. executable.Argv];
    }

    private static List<string> BuildEnvironment(Executable executable)
    {
        var environment = new List<string>(executable.Environment.Count + 1);
        foreach (var (key, value) in executable.Environment)
        {
            if (key.Length == 0 || key.Contains('=') || key.Contains('\0'))
                throw Invalid($"environment variable name '{key}' is not valid (empty, or contains '=' or NUL)");
            environment.Add($"{key}={value}");
        }
        if (!executable.Environment.ContainsKey("PATH"))
            environment.Add(DefaultPath);
        return environment;
    }

    private static void RequireFits(string what, List<string> strings)
    {
        if (strings.Count > MaxEntries)
            throw Invalid($"{what} has {strings.Count} entries; at most {MaxEntries}");
        long total = 0;
        foreach (var s in strings)
        {
            if (s.Contains('\0'))
                throw Invalid($"{what} entries must not contain NUL");
            total += Encoding.UTF8.GetByteCount(s) + 1;
        }
        if (total > MaxTotalBytes)
            throw Invalid($"{what} is {total} bytes; at most {MaxTotalBytes}");
    }

    private static FileBinding? Bound(WorkloadSandbox sandbox, string path) =>
        sandbox.Bindings.FirstOrDefault(b => b.Target == path);

    private static void RequireProgram(string path, WorkloadSandbox? sandbox)
    {
        // A container's program is found (and PATH searched) inside its image when it starts.
        if (sandbox?.RootSource is not null && Bound(sandbox, path) is null)
            return;
        if (!path.StartsWith('/'))
            throw Invalid($"argv[0] '{path}' must be an absolute path (there is no PATH search)");
        if (sandbox is not null)
        {
            // The workload's root holds only what is bound into it.
            if (Bound(sandbox, path) is not { } binding)
                throw new FailureException(FailureKind.NotFound,
                    $"program '{path}' is not in the workload's root: bind an artifact there (executable.artifacts), " +
                    "or give the artifact's path in the node's store as argv[0]");
            path = binding.Source;
        }
        if (Directory.Exists(path))
            throw Invalid($"argv[0] '{path}' is a directory");
        if (!File.Exists(path))
            throw new FailureException(FailureKind.NotFound, $"program '{path}' does not exist");
        if (!ExecutableFile.HasExecuteBit(path))
            throw Invalid($"program '{path}' is not executable (no x permission)");
    }

    private static int Credential(string what, bool given, uint value, WorkloadSandbox? sandbox)
    {
        if (!given)
            return -1;
        if (sandbox is not null && !WorkloadSandbox.IsCellId(value))
            throw Invalid($"{what} {value} is not one of the cell's ids (0-{IdRange.Size - 1})");
        if (value > int.MaxValue)
            throw Invalid($"{what} {value} is out of range");
        return (int)value;
    }

    private static FailureException Invalid(string message) => new(FailureKind.InvalidRequest, message);
}
