using Aurae.Api.Cells.V0;

namespace Aurae.Cli.Apply;

/// <summary>
/// Which of workloads.yaml's fields differ between what it asks for and what a node runs, named
/// as the file names them, so "~ container web/httpd (args, env)" says what the edit was. The
/// fields are listed by hand (no reflection: the CLI is NativeAOT); a difference in a field not
/// listed still shows, as "other fields".
/// </summary>
internal static class SpecDifferences
{
    private static readonly (string Key, Func<Executable, Executable, bool> Same)[] WorkloadFields =
    [
        ("image", (a, b) => a.Image == b.Image),
        ("entrypoint", (a, b) => a.Entrypoint.Equals(b.Entrypoint)),
        ("args", (a, b) => a.Argv.Equals(b.Argv)),
        ("command", (a, b) => a.Command == b.Command),
        ("env", (a, b) => a.Environment.Equals(b.Environment)),
        ("cwd", (a, b) => a.WorkingDirectory == b.WorkingDirectory),
        ("uid", (a, b) => a.HasUid == b.HasUid && a.Uid == b.Uid),
        ("gid", (a, b) => a.HasGid == b.HasGid && a.Gid == b.Gid),
        ("ports", (a, b) => a.Ports.Equals(b.Ports)),
        ("artifacts", (a, b) => a.Artifacts.Equals(b.Artifacts)),
        ("restart", (a, b) => a.Restart == b.Restart),
    ];

    private static readonly (string Key, Func<Cell, Cell, bool> Same)[] CellFields =
    [
        ("cpu-weight", (a, b) => a.Cpu?.HasWeight == b.Cpu?.HasWeight && a.Cpu?.Weight == b.Cpu?.Weight),
        ("cpu-max", (a, b) => a.Cpu?.HasMax == b.Cpu?.HasMax && a.Cpu?.Max == b.Cpu?.Max && a.Cpu?.HasPeriod == b.Cpu?.HasPeriod && a.Cpu?.Period == b.Cpu?.Period),
        ("cpuset", (a, b) => Equals(a.Cpuset, b.Cpuset)),
        ("memory-max", (a, b) => a.Memory?.HasMax == b.Memory?.HasMax && a.Memory?.Max == b.Memory?.Max),
        ("memory-high", (a, b) => a.Memory?.HasHigh == b.Memory?.HasHigh && a.Memory?.High == b.Memory?.High),
        ("pids-max", (a, b) => a.Pids?.HasMax == b.Pids?.HasMax && a.Pids?.Max == b.Pids?.Max),
        ("isolate-network", (a, b) => a.IsolateNetwork == b.IsolateNetwork),
        ("isolate-process", (a, b) => a.IsolateProcess == b.IsolateProcess),
        ("privileged", (a, b) => a.Privileged == b.Privileged),
    ];

    /// <summary>The workload's fields that differ; empty when it runs as asked. A node that reports no spec differs in every way.</summary>
    public static IReadOnlyList<string> Of(Executable wanted, Executable? running) =>
        running is null
            ? ["spec unknown to the node"]
            // An executable's file spells its arguments argv (argv[0] the program), a container's args.
            : [.. Differing(WorkloadFields, wanted, running, wanted.Equals(running)).Select(key => key == "args" && wanted.Image.Length == 0 ? "argv" : key)];

    /// <summary>The cell's fields that differ, leaving out what the node sets itself (its user namespace ids).</summary>
    public static IReadOnlyList<string> Of(Cell wanted, Cell running)
    {
        var comparable = running.Clone();
        comparable.Ids = null;
        return Differing(CellFields, wanted, comparable, wanted.Equals(comparable));
    }

    private static List<string> Differing<T>((string Key, Func<T, T, bool> Same)[] fields, T wanted, T running, bool equal)
    {
        if (equal)
            return [];
        var differing = fields.Where(field => !field.Same(wanted, running)).Select(field => field.Key).ToList();
        return differing.Count > 0 ? differing : ["other fields"];
    }
}
