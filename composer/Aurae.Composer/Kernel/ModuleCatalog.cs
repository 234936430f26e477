using Aurae.Contract.Yaml;
using Aurae.Contract.Modules;
namespace Aurae.Composer.Kernel;

/// <summary>
/// The modules of one kernel by name, with what each needs: its hard dependencies ("depends")
/// and the providers of its soft "pre:" dependencies, and the names built into the kernel image.
/// </summary>
public sealed class ModuleCatalog
{
    private readonly SortedDictionary<string, KernelModule> _modules = new(StringComparer.Ordinal);
    private Dictionary<string, string[]>? _exactAliases;

    /// <param name="modules">Every loadable module; names must be unique.</param>
    /// <param name="builtinModules">Modules built into the kernel image (normalized names).</param>
    /// <exception cref="ArgumentException">Two modules have the same name.</exception>
    public ModuleCatalog(IEnumerable<KernelModule> modules, IReadOnlySet<string>? builtinModules = null)
    {
        foreach (var module in modules)
        {
            if (!_modules.TryAdd(module.Name, module))
                throw new ArgumentException(
                    $"The catalog has two modules named '{module.Name}': '{_modules[module.Name].Path}' and '{module.Path}'.",
                    nameof(modules));
        }
        Builtin = builtinModules ?? new HashSet<string>();
    }

    /// <summary>The catalog of <paramref name="kernel"/>'s loadable and built-in modules.</summary>
    public static ModuleCatalog Of(KernelPackage kernel) => new(kernel.Modules.Values, kernel.BuiltinModules);

    /// <summary>Loadable modules by normalized name, in name order.</summary>
    public IReadOnlyDictionary<string, KernelModule> Modules => _modules;

    /// <summary>Names of modules built into the kernel image.</summary>
    public IReadOnlySet<string> Builtin { get; }

    /// <summary>
    /// What <paramref name="module"/> needs loaded first, in name order: its hard dependencies and
    /// the modules providing its soft "pre:" dependencies (by name or exact alias; absent ones are
    /// left out). A hard dependency wins over a soft one of the same name; built-in hard
    /// dependencies are left out; a hard dependency the kernel lacks has a null module.
    /// </summary>
    public IReadOnlyList<ModuleDependency> DependenciesOf(KernelModule module)
    {
        var edges = new SortedDictionary<string, ModuleDependency>(StringComparer.Ordinal);
        foreach (var name in module.SoftDependencies.Pre)
        {
            foreach (var provider in SoftDependencyProviders(name))
            {
                if (provider.Name != module.Name)
                    edges[provider.Name] = new ModuleDependency(provider.Name, provider, Soft: true);
            }
        }
        foreach (var name in module.Depends)
        {
            if (_modules.TryGetValue(name, out var dependency))
                edges[name] = new ModuleDependency(name, dependency, Soft: false);
            else if (!Builtin.Contains(name))
                edges[name] = new ModuleDependency(name, null, Soft: false);
        }
        return edges.Values.ToArray();
    }

    /// <summary>
    /// For a name the kernel lacks: modules that declare it as an alias, then modules and
    /// built-ins with a similar name.
    /// </summary>
    public IReadOnlyList<string> Suggest(string name) =>
        _modules.Values
            .Where(m => m.Aliases.Any(a => KernelModuleName.Normalize(a) == name))
            .Select(m => m.Name)
            .Concat(ModuleNameSuggestions.For(name, _modules.Keys.Concat(Builtin)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    private IEnumerable<KernelModule> SoftDependencyProviders(string name)
    {
        if (_modules.TryGetValue(name, out var module))
            return [module];
        _exactAliases ??= IndexExactAliases();
        return _exactAliases.TryGetValue(name, out var providers) ? providers.Select(p => _modules[p]) : [];
    }

    /// <summary>Alias → modules declaring it, for aliases without glob characters.</summary>
    private Dictionary<string, string[]> IndexExactAliases() =>
        _modules.Values
            .SelectMany(m => m.Aliases.Select(a => (Alias: KernelModuleName.Normalize(a), Module: m.Name)))
            .Where(a => !ModuleGlob.HasWildcards(a.Alias))
            .GroupBy(a => a.Alias, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Module).Distinct().Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
}

/// <summary>
/// One thing a module needs first. <see cref="Module"/> is null for a hard dependency the kernel
/// neither has as a module nor builds in.
/// </summary>
public readonly record struct ModuleDependency(string Name, KernelModule? Module, bool Soft);
