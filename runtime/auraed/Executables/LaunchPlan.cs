using System.Text;
using Aurae.Api.Cells.V0;
using Grpc.Core;

namespace Aurae.Daemon.Executables;

/// <summary>
/// A checked <see cref="Executable"/> request, ready to spawn: program path, argv, the exact
/// environment ("KEY=value"), working directory and credentials (-1: unchanged). Everything a
/// client can get wrong is rejected here with a precise status, before any process exists.
/// </summary>
internal sealed record LaunchPlan(
    string Name, string Path, IReadOnlyList<string> Argv, IReadOnlyList<string> Environment,
    string WorkingDirectory, int Uid, int Gid)
{
    public const string Shell = "/bin/sh";
    public const int MaxEntries = 4096;
    public const int MaxTotalBytes = 1024 * 1024;
    private const string DefaultPath = "PATH=/bin:/usr/bin:/sbin:/usr/sbin";

    public static LaunchPlan From(Executable executable)
    {
        ExecutableName.Require(executable.Name);
        var argv = ChooseArgv(executable);
        RequireFits("argv", argv);
        var environment = BuildEnvironment(executable);
        RequireFits("environment", environment);
        var path = argv[0];
        RequireProgram(path);

        var workingDirectory = executable.WorkingDirectory.Length == 0 ? "/" : executable.WorkingDirectory;
        if (!workingDirectory.StartsWith('/') || workingDirectory.Contains('\0'))
            throw Invalid($"working directory '{workingDirectory}' must be an absolute path");
        if (!Directory.Exists(workingDirectory))
            throw new RpcException(new Status(StatusCode.NotFound, $"working directory '{workingDirectory}' does not exist"));

        return new LaunchPlan(executable.Name, path, argv, environment, workingDirectory,
            Credential("uid", executable.HasUid, executable.Uid), Credential("gid", executable.HasGid, executable.Gid));
    }

    private static List<string> ChooseArgv(Executable executable)
    {
        if (executable.Command.Length > 0)
        {
            // Aurae's meaning of command: a shell line.
            if (executable.Argv.Count > 0)
                throw Invalid("give either command (run by /bin/sh -c) or argv, not both");
            if (!File.Exists(Shell))
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    "no /bin/sh on the node: push a shell (e.g. busybox) and use argv"));
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

    private static void RequireProgram(string path)
    {
        if (!path.StartsWith('/'))
            throw Invalid($"argv[0] '{path}' must be an absolute path (there is no PATH search)");
        if (Directory.Exists(path))
            throw Invalid($"argv[0] '{path}' is a directory");
        if (!File.Exists(path))
            throw new RpcException(new Status(StatusCode.NotFound, $"program '{path}' does not exist"));
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((File.GetUnixFileMode(path) & anyExecute) == 0)
            throw Invalid($"program '{path}' is not executable (no x permission)");
    }

    private static int Credential(string what, bool given, uint value)
    {
        if (!given)
            return -1;
        if (value > int.MaxValue)
            throw Invalid($"{what} {value} is out of range");
        return (int)value;
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
