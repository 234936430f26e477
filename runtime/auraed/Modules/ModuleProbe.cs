using Aurae.Contract.Modules;
using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Modules;

/// <summary>
/// What modprobe does, for init: loads a module by name (or alias) with its dependencies first
/// (modules.dep, reversed), softdep <c>pre:</c> before and <c>post:</c> after, skipping built-in
/// modules and ones already in the kernel (<c>SYSROOT/module/NAME</c>). Each module is tried at
/// most once; a module whose dependency failed is not tried. Records what it loaded, in order.
/// </summary>
public sealed class ModuleProbe(ModuleIndex index, string moduleRoot, string sysRoot, IKernelModuleLoader loader)
{
    private readonly HashSet<string> _attempted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly List<string> _loaded = [];

    /// <summary>Modules this probe put into the kernel (or found there on EEXIST), in load order.</summary>
    public IReadOnlyList<string> Loaded => _loaded;

    /// <summary>Loads one file as given (the manifest's forced modules, already in dependency order).</summary>
    public bool LoadFile(string path)
    {
        var name = KernelModuleName.FromPath(path);
        return _attempted.Add(name) && Insert(name, path);
    }

    /// <summary>Loads a module by name or alias with everything it needs; returns how many modules it newly loaded.</summary>
    public int Probe(string nameOrAlias)
    {
        var plan = new List<string>();
        PlanName(nameOrAlias, plan, new HashSet<string>(StringComparer.Ordinal));
        var count = 0;
        foreach (var name in plan)
        {
            if (!_attempted.Add(name) || index.IsBuiltin(name) || Directory.Exists(Path.Combine(sysRoot, "module", name)))
                continue;
            if (!index.TryGetModule(name, out var entry))
            {
                ConsoleLog.Error("modules", $"{name}: not in {ModuleIndexFileNames.Dependencies}, cannot load it");
                _failed.Add(name);
                continue;
            }
            var failedDependency = entry.Dependencies.FirstOrDefault(_failed.Contains);
            if (failedDependency is not null)
            {
                ConsoleLog.Error("modules", $"{name}: not loaded, its dependency {failedDependency} failed");
                _failed.Add(name);
                continue;
            }
            var path = System.IO.Path.IsPathRooted(entry.Path) ? entry.Path : System.IO.Path.Combine(moduleRoot, entry.Path);
            if (Insert(name, path))
                count++;
        }
        return count;
    }

    /// <summary>The plan for a name, or for every module an alias names (softdep entries may be aliases).</summary>
    private void PlanName(string nameOrAlias, List<string> plan, HashSet<string> visited)
    {
        var name = KernelModuleName.Normalize(nameOrAlias);
        if (index.TryGetModule(name, out _) || index.IsBuiltin(name))
        {
            PlanModule(name, plan, visited);
            return;
        }
        var modules = index.ModulesForAlias(nameOrAlias);
        if (modules.Count == 0)
        {
            // Unknown: keep it in the plan so the failure is logged once.
            PlanModule(name, plan, visited);
            return;
        }
        foreach (var module in modules)
            PlanModule(module, plan, visited);
    }

    private void PlanModule(string name, List<string> plan, HashSet<string> visited)
    {
        if (!visited.Add(name))
            return;
        var softdep = index.Softdep(name);
        foreach (var pre in softdep?.Pre ?? [])
            PlanName(pre, plan, visited);
        if (index.TryGetModule(name, out var entry))
        {
            for (var i = entry.Dependencies.Count - 1; i >= 0; i--)
                PlanModule(entry.Dependencies[i], plan, visited);
        }
        plan.Add(name);
        foreach (var post in softdep?.Post ?? [])
            PlanName(post, plan, visited);
    }

    private bool Insert(string name, string path)
    {
        var result = loader.Load(path, name);
        if (result == ModuleLoadResult.Failed)
        {
            _failed.Add(name);
            return false;
        }
        _loaded.Add(name);
        return result == ModuleLoadResult.Loaded;
    }
}
