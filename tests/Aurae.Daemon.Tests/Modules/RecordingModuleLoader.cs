using Aurae.Daemon.Modules;

namespace Aurae.Daemon.Tests.Modules;

/// <summary>
/// Stands in for finit_module: records each load, marks the module loaded in the fake sysfs, and
/// runs what the module's init would do (create devices, bind drivers).
/// </summary>
internal sealed class RecordingModuleLoader(ModuleTree tree) : IKernelModuleLoader
{
    public List<(string Name, string Path)> Calls { get; } = [];
    public HashSet<string> Failing { get; } = [];
    public Dictionary<string, Action> OnLoad { get; } = [];

    public IEnumerable<string> Names => Calls.Select(c => c.Name);

    public ModuleLoadResult Load(string path, string name)
    {
        Calls.Add((name, path));
        if (Failing.Contains(name))
            return ModuleLoadResult.Failed;
        tree.MarkLoaded(name);
        if (OnLoad.TryGetValue(name, out var action))
            action();
        return ModuleLoadResult.Loaded;
    }
}
