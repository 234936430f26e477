using System.Diagnostics;
using Aurae.Daemon.Failures;
using Aurae.Daemon.Logging;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Cells;

/// <summary>
/// Aurae's part of the cgroup v2 tree: one group (default /sys/fs/cgroup/aurae) holding a
/// directory per cell, nested cells in their parent's directory. Turns cgroupfs failures into
/// failures (<see cref="FailureException"/>) that name the file and say what it means.
///
/// cgroup v2's "no internal processes" rule shapes this: a group that hands controllers to its
/// children (non-empty cgroup.subtree_control) cannot hold processes. The daemon stays in the root
/// group, which is exempt; the aurae group holds no processes; a cell with child cells holds none
/// either — only leaf cells run executables (see <see cref="CellRegistry.CgroupPathForProcesses"/>).
/// </summary>
public sealed class CgroupHierarchy
{
    public const string DefaultRoot = "/sys/fs/cgroup/aurae";

    /// <summary>The controllers cells get, when the kernel has them.</summary>
    public static IReadOnlyList<string> WantedControllers { get; } = ["cpu", "cpuset", "memory", "pids"];

    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(100);

    private readonly Lock gate = new();
    private IReadOnlyList<string>? enabledControllers;

    public CgroupHierarchy(string root = DefaultRoot, CgroupFileSystem? fileSystem = null)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        MountRoot = Path.GetDirectoryName(Root) ?? throw new ArgumentException($"'{root}' has no parent cgroup", nameof(root));
        FileSystem = fileSystem ?? new CgroupFileSystem();
    }

    /// <summary>The aurae group: the parent of all top-level cells.</summary>
    public string Root { get; }

    /// <summary>The cgroup2 mount (or, for tests, whatever imitates it) the aurae group is made in.</summary>
    public string MountRoot { get; }

    public CgroupFileSystem FileSystem { get; }

    /// <summary>The controllers cells actually have; empty until <see cref="EnsureInitialized"/>.</summary>
    public IReadOnlyList<string> EnabledControllers => enabledControllers ?? [];

    public string DirectoryOf(CellName name) => Path.Combine(Root, name.Value);

    /// <summary>
    /// On first use: makes the aurae group and hands it, and its children, the wanted controllers.
    /// A controller the kernel lacks is logged and left out; a missing cgroup2 mount or an aurae
    /// group that cannot be made is <see cref="FailureKind.WrongState"/>, and the next call tries again.
    /// </summary>
    public void EnsureInitialized()
    {
        lock (gate)
        {
            if (enabledControllers is not null)
                return;
            if (!FileSystem.FileExists(Path.Combine(MountRoot, "cgroup.controllers")))
                throw Failure(FailureKind.WrongState, $"cgroup v2 is not mounted at {MountRoot} (no cgroup.controllers there)");
            EnableControllers(MountRoot, WantedControllers);
            try
            {
                FileSystem.MakeDirectory(Root);
            }
            catch (CgroupIOException e) when (e.Errno == Errno.EEXIST)
            {
                // Left by an earlier run of the daemon: reuse it.
            }
            catch (CgroupIOException e)
            {
                throw Failure(FailureKind.WrongState, $"cannot create the aurae cgroup: {e.Message}");
            }
            enabledControllers = EnableControllers(Root, WantedControllers);
            ConsoleLog.Info("cells", $"cgroup {Root} ready; controllers for cells: {string.Join(' ', enabledControllers)}");
        }
    }

    /// <summary>True when the group's cgroup.procs lists any process.</summary>
    public bool HasProcesses(string directory)
    {
        var procs = Read(Path.Combine(directory, "cgroup.procs"));
        return !string.IsNullOrWhiteSpace(procs);
    }

    /// <summary>Makes a cell's group. EEXIST means a group of that name exists already (maybe from an earlier run).</summary>
    public void CreateGroup(string directory, CellName name)
    {
        try
        {
            FileSystem.MakeDirectory(directory);
        }
        catch (CgroupIOException e) when (e.Errno == Errno.EEXIST)
        {
            throw Failure(FailureKind.AlreadyExists, $"cell '{name}': a cgroup already exists at {directory} (left by an earlier run?)");
        }
        catch (CgroupIOException e) when (e.Errno is CgroupSyscalls.ENOSPC or CgroupSyscalls.EAGAIN)
        {
            throw Failure(FailureKind.OutOfResources, $"cell '{name}': the kernel allows no more cgroups here: {e.Message}");
        }
        catch (CgroupIOException e)
        {
            throw Failure(FailureKind.Fault, $"cell '{name}': {e.Message}");
        }
    }

    /// <summary>Writes one limit. A missing file means the controller is not available to cells.</summary>
    public void Apply(string directory, CgroupSetting setting)
    {
        var path = Path.Combine(directory, setting.File);
        if (!FileSystem.FileExists(path))
            throw Failure(FailureKind.WrongState,
                $"{setting.Field}: the {setting.Controller} controller is not available to cells on this node (no {path})");
        try
        {
            FileSystem.Write(path, setting.Value);
        }
        catch (CgroupIOException e) when (e.Errno == CgroupSyscalls.EINVAL)
        {
            throw Failure(FailureKind.InvalidRequest, $"{setting.Field}: the kernel refused '{setting.Value}': {e.Message}");
        }
        catch (CgroupIOException e) when (e.Errno == Errno.EBUSY)
        {
            throw Failure(FailureKind.WrongState, $"{setting.Field}: the kernel cannot apply '{setting.Value}' now: {e.Message}");
        }
        catch (CgroupIOException e)
        {
            throw Failure(FailureKind.Fault, $"{setting.Field}: {e.Message}");
        }
    }

    /// <summary>
    /// Before a cell gets its first child: hands it the controllers so the child can have limits.
    /// From then on it can hold no processes (EBUSY if it has some).
    /// </summary>
    public void EnableChildControllers(string directory, CellName name)
    {
        foreach (var controller in EnabledControllers)
        {
            var path = Path.Combine(directory, "cgroup.subtree_control");
            try
            {
                FileSystem.Write(path, "+" + controller);
            }
            catch (CgroupIOException e) when (e.Errno == Errno.EBUSY)
            {
                throw Failure(FailureKind.WrongState,
                    $"cell '{name}' has processes, so it cannot have child cells (cgroup v2: no internal processes): {e.Message}");
            }
            catch (CgroupIOException e)
            {
                throw Failure(FailureKind.Fault, $"cell '{name}': cannot enable {controller} for child cells: {e.Message}");
            }
        }
    }

    /// <summary>After a cell's last child is gone: takes the controllers back so it may run processes again.</summary>
    public void DisableChildControllers(string directory, CellName name)
    {
        foreach (var controller in EnabledControllers.Reverse())
        {
            try
            {
                FileSystem.Write(Path.Combine(directory, "cgroup.subtree_control"), "-" + controller);
            }
            catch (CgroupIOException e)
            {
                ConsoleLog.Warn("cells", $"cell '{name}': cannot disable {controller} for child cells: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Kills every process in the group (cgroup.kill; on kernels before 5.14, SIGKILL to each
    /// listed process) and waits until cgroup.events says "populated 0".
    /// </summary>
    public async Task KillAsync(string directory, CellName name, TimeSpan timeout)
    {
        var kill = Path.Combine(directory, "cgroup.kill");
        var hasKillFile = FileSystem.FileExists(kill);
        if (hasKillFile)
            Write(kill, "1", name);
        var clock = Stopwatch.StartNew();
        var delay = FirstPoll;
        while (true)
        {
            var events = Read(Path.Combine(directory, "cgroup.events"));
            if (events is null || IsUnpopulated(events))
                return;
            if (!hasKillFile)
                KillListedProcesses(directory);
            if (clock.Elapsed >= timeout)
                throw Failure(FailureKind.Fault,
                    $"cell '{name}' still has processes {timeout.TotalSeconds:0.###} s after being killed ({directory}/cgroup.events: populated 1)");
            await Task.Delay(delay);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestPoll.Ticks));
        }
    }

    /// <summary>rmdir of an emptied group; already gone is fine.</summary>
    public void RemoveGroup(string directory, CellName name)
    {
        try
        {
            FileSystem.RemoveDirectory(directory);
        }
        catch (CgroupIOException e) when (e.Errno == Errno.ENOENT)
        {
        }
        catch (CgroupIOException e)
        {
            throw Failure(FailureKind.Fault, $"cell '{name}': cannot remove its cgroup: {e.Message}");
        }
    }

    /// <summary>cgroup.events has a line "populated 0" once no process is left in the group or below.</summary>
    public static bool IsUnpopulated(string events)
    {
        foreach (var line in events.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("populated ", StringComparison.Ordinal))
                return line["populated ".Length..].Trim() == "0";
        }
        return false;
    }

    private List<string> EnableControllers(string directory, IReadOnlyList<string> controllers)
    {
        var enabled = new List<string>();
        var path = Path.Combine(directory, "cgroup.subtree_control");
        foreach (var controller in controllers)
        {
            try
            {
                FileSystem.Write(path, "+" + controller);
                enabled.Add(controller);
            }
            catch (CgroupIOException e)
            {
                // ENOENT: the kernel (or the parent group) lacks it. Cells simply go without.
                ConsoleLog.Warn("cells", $"controller {controller} not enabled in {directory}: {e.Message}");
            }
        }
        return enabled;
    }

    private void KillListedProcesses(string directory)
    {
        var procs = Read(Path.Combine(directory, "cgroup.procs")) ?? "";
        foreach (var line in procs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(line, out var pid) && pid > 0)
                LibC.kill(pid, 9);
        }
    }

    private void Write(string path, string value, CellName name)
    {
        try
        {
            FileSystem.Write(path, value);
        }
        catch (CgroupIOException e)
        {
            throw Failure(FailureKind.Fault, $"cell '{name}': {e.Message}");
        }
    }

    private string? Read(string path)
    {
        try
        {
            return FileSystem.ReadOrNull(path);
        }
        catch (CgroupIOException e)
        {
            throw Failure(FailureKind.Fault, e.Message);
        }
    }

    private static FailureException Failure(FailureKind kind, string message) => new(kind, message);
}
