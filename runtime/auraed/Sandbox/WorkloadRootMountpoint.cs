namespace Aurae.Daemon.Sandbox;

/// <summary>
/// The empty directory every isolated workload mounts its own root on, each in its own mount
/// namespace (so one directory serves them all and nothing ever appears in it on the node).
/// World-searchable: the workload's setup runs as the cell's root, which is nobody on the node.
/// </summary>
public static class WorkloadRootMountpoint
{
    public const string NodePath = "/run/aurae/root";

    public static string Prepare(string path)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                   UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                                   UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(path)); parent is not null; parent = Path.GetDirectoryName(parent))
            if ((File.GetUnixFileMode(parent) & UnixFileMode.OtherExecute) == 0)
                throw new IOException($"'{parent}' is not searchable by others, so isolated workloads cannot reach '{path}'");
        if (Directory.EnumerateFileSystemEntries(path).Any())
            throw new IOException($"'{path}' must be empty: isolated workloads mount their root on it");
        return path;
    }
}
