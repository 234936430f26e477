using Aurae.Daemon.Cells;

namespace Aurae.Daemon.Tests.Cells;

/// <summary>
/// Plays the kernel's part on a temporary directory: mkdir creates the interface files cgroupfs
/// would, rmdir removes them, cgroup.kill empties the group, "+controller" fails for a controller
/// the "kernel" lacks. Every write is recorded in order.
/// </summary>
internal sealed class FakeCgroupFileSystem : CgroupFileSystem
{
    private const int ENOENT = 2;
    private const int ENOTEMPTY = 39;

    private readonly Lock gate = new();
    private readonly List<(string Path, string Text)> writes = [];

    /// <summary>Controllers this kernel lacks: no files for them, ENOENT on "+name".</summary>
    public HashSet<string> MissingControllers { get; } = [];

    /// <summary>Interface files (by name) whose writes the "kernel" refuses, with the errno.</summary>
    public Dictionary<string, int> Refusals { get; } = [];

    /// <summary>False imitates processes that survive cgroup.kill.</summary>
    public bool KillEmptiesGroup { get; set; } = true;

    public List<(string Path, string Text)> Writes
    {
        get
        {
            lock (gate)
                return [.. writes];
        }
    }

    public List<string> WritesTo(string path) => Writes.Where(w => w.Path == path).Select(w => w.Text).ToList();

    public override void Write(string path, string text)
    {
        lock (gate)
            writes.Add((path, text));
        if (Path.GetFileName(path) == "cgroup.subtree_control" && MissingControllers.Contains(text[1..]))
            throw new CgroupIOException($"write '{text}' to", path, ENOENT);
        if (Refusals.TryGetValue(Path.GetFileName(path), out var errno))
            throw new CgroupIOException($"write '{text}' to", path, errno);
        base.Write(path, text);
        if (Path.GetFileName(path) == "cgroup.kill" && KillEmptiesGroup)
        {
            var directory = Path.GetDirectoryName(path)!;
            File.WriteAllText(Path.Combine(directory, "cgroup.procs"), "");
            File.WriteAllText(Path.Combine(directory, "cgroup.events"), "populated 0\nfrozen 0\n");
        }
    }

    public override void MakeDirectory(string path)
    {
        base.MakeDirectory(path);
        var files = new Dictionary<string, string>
        {
            ["cgroup.controllers"] = "cpu cpuset memory pids\n",
            ["cgroup.subtree_control"] = "",
            ["cgroup.procs"] = "",
            ["cgroup.events"] = "populated 0\nfrozen 0\n",
            ["cgroup.kill"] = "",
            ["cpu.weight"] = "100\n",
            ["cpu.max"] = "max 100000\n",
            ["cpu.stat"] = "usage_usec 0\nuser_usec 0\nsystem_usec 0\n",
            ["cpuset.cpus"] = "",
            ["cpuset.mems"] = "",
            ["memory.max"] = "max\n",
            ["memory.high"] = "max\n",
            ["memory.current"] = "0\n",
            ["memory.events"] = "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n",
            ["pids.max"] = "max\n",
            ["pids.current"] = "0\n",
        };
        foreach (var (file, content) in files)
        {
            var controller = file[..file.IndexOf('.')];
            if (!MissingControllers.Contains(controller))
                File.WriteAllText(Path.Combine(path, file), content);
        }
    }

    public override void RemoveDirectory(string path)
    {
        if (!Directory.Exists(path))
            throw new CgroupIOException("rmdir", path, ENOENT);
        if (Directory.EnumerateDirectories(path).Any())
            throw new CgroupIOException("rmdir", path, ENOTEMPTY);
        foreach (var file in Directory.EnumerateFiles(path))
            File.Delete(file);
        base.RemoveDirectory(path);
    }
}
