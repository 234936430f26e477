using Aurae.Daemon.Cells;

namespace Aurae.Daemon.Tests.Cells;

/// <summary>A temporary "/sys/fs/cgroup" with the aurae group's hierarchy and registry on top.</summary>
internal sealed class FakeCgroupRoot : IDisposable
{
    public FakeCgroupRoot(params string[] missingControllers)
    {
        MountRoot = Directory.CreateTempSubdirectory("aurae-cgroup-").FullName;
        File.WriteAllText(Path.Combine(MountRoot, "cgroup.controllers"), "cpu cpuset memory pids\n");
        File.WriteAllText(Path.Combine(MountRoot, "cgroup.subtree_control"), "");
        FileSystem.MissingControllers.UnionWith(missingControllers);
        Hierarchy = new CgroupHierarchy(Path.Combine(MountRoot, "aurae"), FileSystem);
        Registry = new CellRegistry(Hierarchy, TimeSpan.FromMilliseconds(300));
    }

    public string MountRoot { get; }

    public string AuraeRoot => Path.Combine(MountRoot, "aurae");

    public FakeCgroupFileSystem FileSystem { get; } = new();

    public CgroupHierarchy Hierarchy { get; }

    public CellRegistry Registry { get; }

    /// <summary>A cell's directory, "a/b" → MountRoot/aurae/a/b.</summary>
    public string CellDirectory(string name) => Path.Combine(AuraeRoot, name);

    public string ReadCellFile(string name, string file) => File.ReadAllText(Path.Combine(CellDirectory(name), file));

    public void Dispose()
    {
        try
        {
            Directory.Delete(MountRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
