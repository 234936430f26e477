using Aurae.Contract.Modules;
using Aurae.Contract.Yaml;

namespace Aurae.Composer.Kernel;

/// <summary>
/// What an image carries and loads, from node.yaml's selectors resolved against one kernel:
/// carried = closure(select(modules) − select(modules_exclude)); loaded at boot = the closure of
/// modules_load, dependencies first. A selector that matches nothing is an error at its node.yaml
/// position.
/// </summary>
public sealed class ModuleSelection
{
    private ModuleSelection(ModuleCatalog catalog, IReadOnlyList<KernelModule> carried, IReadOnlyList<KernelModule> load)
    {
        Catalog = catalog;
        Carried = carried;
        Load = load;
    }

    /// <summary>
    /// A selection made before (a build cache entry): <paramref name="carried"/> as it was carried,
    /// <paramref name="loadNames"/> the names loaded at boot, in order.
    /// </summary>
    internal static ModuleSelection FromResult(ModuleCatalog catalog, IReadOnlyList<KernelModule> carried, IReadOnlyList<string> loadNames) =>
        new(catalog, carried, loadNames.Select(name => catalog.Modules[name]).ToArray());

    /// <summary>The kernel's modules the selection was made from.</summary>
    public ModuleCatalog Catalog { get; }

    /// <summary>Modules the image carries, in path order; closed under dependencies.</summary>
    public IReadOnlyList<KernelModule> Carried { get; }

    /// <summary>Modules loaded unconditionally at boot, dependencies first; all carried.</summary>
    public IReadOnlyList<KernelModule> Load { get; }

    /// <summary>Resolves the selectors of node.yaml's kernel section against <paramref name="catalog"/>.</summary>
    /// <param name="modules">kernel.modules: what to carry.</param>
    /// <param name="exclude">kernel.modules_exclude: what not to carry, even as a dependency.</param>
    /// <param name="load">kernel.modules_load; null means the plain names of <paramref name="modules"/> that are carried.</param>
    /// <param name="alwaysLoad">Names the outputs need (carried and loaded unless excluded); absent ones are ignored.</param>
    /// <param name="warn">Receives a line for each selected module dropped because a dependency is excluded.</param>
    /// <exception cref="ConfigFileException">A selector matches nothing, or modules_load names a module not carried.</exception>
    /// <exception cref="ModuleClosureException">A carried module needs one the kernel lacks, or dependencies form a cycle.</exception>
    public static ModuleSelection Resolve(
        ModuleCatalog catalog,
        IReadOnlyList<ModuleSelector> modules,
        IReadOnlyList<ModuleSelector> exclude,
        IReadOnlyList<NameModuleSelector>? load,
        IReadOnlyList<string> alwaysLoad,
        Action<string>? warn = null)
    {
        var excluded = new HashSet<string>(exclude.SelectMany(s => Select(s, catalog)).Select(m => m.Name), StringComparer.Ordinal);
        var selected = modules.SelectMany(s => Select(s, catalog))
            .Concat(alwaysLoad.Select(KernelModuleName.Normalize).Where(catalog.Modules.ContainsKey).Select(n => catalog.Modules[n]))
            .DistinctBy(m => m.Name)
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToArray();

        var blockers = new Blockers(catalog, excluded);
        var carried = new SortedDictionary<string, KernelModule>(StringComparer.Ordinal);
        foreach (var module in selected)
        {
            if (excluded.Contains(module.Name))
                continue;
            if (blockers.Of(module) is { } chain)
            {
                warn?.Invoke($"warning: kernel module '{module.Name}' is not carried: it depends on {Describe(chain)}, which kernel.modules_exclude removes");
                continue;
            }
            Carry(module, catalog, blockers, carried);
        }
        var carriedList = carried.Values.OrderBy(m => m.Path, StringComparer.Ordinal).ToArray();

        var loadNames = new List<string>();
        if (load is null)
            loadNames.AddRange(modules.OfType<NameModuleSelector>().Select(s => s.Name).Where(carried.ContainsKey));
        else
        {
            foreach (var name in load)
            {
                if (!carried.ContainsKey(name.Name) && !catalog.Builtin.Contains(name.Name))
                    throw name.Position.Error(NotCarried(name.Name, catalog, excluded, blockers));
                loadNames.Add(name.Name);
            }
        }
        loadNames.AddRange(alwaysLoad.Select(KernelModuleName.Normalize).Where(carried.ContainsKey));
        var loadOrder = ModuleClosure.Resolve(new ModuleCatalog(carriedList, catalog.Builtin), loadNames);
        return new ModuleSelection(catalog, carriedList, loadOrder);
    }

    /// <summary>
    /// The loadable modules <paramref name="selector"/> names. A name or set member built into
    /// the kernel counts as a match that needs nothing carried.
    /// </summary>
    /// <exception cref="ConfigFileException">The selector matches nothing, at its node.yaml position.</exception>
    public static IReadOnlyList<KernelModule> Select(ModuleSelector selector, ModuleCatalog catalog)
    {
        switch (selector)
        {
            case NameModuleSelector name:
                if (catalog.Modules.TryGetValue(name.Name, out var module))
                    return [module];
                if (catalog.Builtin.Contains(name.Name))
                    return [];
                throw selector.Position.Error(
                    $"unknown kernel module '{name.Name}': the kernel has no such loadable or built-in module ({ModuleClosure.SuggestionHint(name.Name, catalog)})");
            case AliasModuleSelector alias:
                var byAlias = catalog.Modules.Values.Where(m => m.Aliases.Any(a => AliasesMatch(a, alias))).ToArray();
                return byAlias.Length > 0 ? byAlias : throw selector.Position.Error(
                    $"no kernel module has an alias matching '{alias.Text}' (aliases are matched with fnmatch, e.g. pci:v00001AF4d00001000sv*sd*bc*sc*i*)");
            case PathGlobModuleSelector glob:
                var byPath = catalog.Modules.Values.Where(m => glob.Glob.IsMatch(m.Path)).ToArray();
                return byPath.Length > 0 ? byPath : throw selector.Position.Error(
                    $"no kernel module path matches '{glob.Text}' (paths are relative to lib/modules/<release> and end in .ko, " +
                    "e.g. kernel/drivers/net/virtio_net.ko; '*' stays within a directory, '**' spans directories)");
            case NamedSetModuleSelector set:
                var anyMember = false;
                var bySet = new List<KernelModule>();
                foreach (var member in set.Members)
                {
                    // Compile a member's glob once, not once per module (4000 modules in a generic kernel).
                    var found = member.Contains('/') && ModuleGlob.Path(member) is var memberGlob
                        ? catalog.Modules.Values.Where(m => memberGlob.IsMatch(m.Path)).ToArray()
                        : catalog.Modules.TryGetValue(KernelModuleName.Normalize(member), out var named) ? [named] : [];
                    bySet.AddRange(found);
                    anyMember |= found.Length > 0 || catalog.Builtin.Contains(KernelModuleName.Normalize(member));
                }
                return anyMember ? bySet.DistinctBy(m => m.Name).ToArray() : throw selector.Position.Error(
                    $"no module of set '{set.Text}' is in this kernel (the set holds {string.Join(", ", set.Members)})");
            default:
                throw new ArgumentException($"Unknown selector type {selector.GetType().Name}.", nameof(selector));
        }
    }

    /// <summary>
    /// A module alias (an fnmatch pattern from .modinfo) and an alias selector match when either,
    /// as a pattern, matches the other: a concrete modalias, or a pattern copied from modinfo.
    /// </summary>
    private static bool AliasesMatch(string moduleAlias, AliasModuleSelector selector)
    {
        var text = selector.Text;
        if (moduleAlias == text)
            return true;
        // Cheap filter: the literal prefixes must agree before any pattern can match.
        var prefix = Math.Min(LiteralPrefixLength(moduleAlias), LiteralPrefixLength(text));
        if (string.CompareOrdinal(moduleAlias, 0, text, 0, prefix) != 0)
            return false;
        return selector.Glob.IsMatch(moduleAlias)
            || (ModuleGlob.HasWildcards(moduleAlias) && ModuleGlob.FnMatch(moduleAlias).IsMatch(text));
    }

    private static int LiteralPrefixLength(string pattern)
    {
        var index = pattern.IndexOfAny(['*', '?', '[', '\\']);
        return index < 0 ? pattern.Length : index;
    }

    private static void Carry(KernelModule module, ModuleCatalog catalog, Blockers blockers, SortedDictionary<string, KernelModule> carried)
    {
        if (!carried.TryAdd(module.Name, module))
            return;
        foreach (var dependency in catalog.DependenciesOf(module))
        {
            var needed = dependency.Module ?? throw new ModuleClosureException(
                $"Kernel module '{module.Name}' ({module.Path}) depends on '{dependency.Name}', which the kernel does not provide");
            // An excluded soft dependency is only a preference given up; hard ones were checked by Blockers.
            if (blockers.Of(needed) is null)
                Carry(needed, catalog, blockers, carried);
        }
    }

    private static string NotCarried(string name, ModuleCatalog catalog, HashSet<string> excluded, Blockers blockers)
    {
        if (!catalog.Modules.TryGetValue(name, out var module))
            return $"unknown kernel module '{name}': the kernel has no such loadable or built-in module ({ModuleClosure.SuggestionHint(name, catalog)})";
        if (excluded.Contains(name))
            return $"module '{name}' is not carried: kernel.modules_exclude removes it";
        if (blockers.Of(module) is { } chain)
            return $"module '{name}' is not carried: it depends on {Describe(chain)}, which kernel.modules_exclude removes";
        return $"module '{name}' is not carried; add it (or a selector matching it) to kernel.modules";
    }

    /// <summary>"'b'" or "'c' (via b)" for a chain from a module to the excluded module it needs.</summary>
    private static string Describe(IReadOnlyList<string> chain) =>
        chain.Count <= 2 ? $"'{chain[^1]}'" : $"'{chain[^1]}' (via {string.Join(" -> ", chain.Skip(1).Take(chain.Count - 2))})";

    /// <summary>
    /// For each module, the chain of hard dependencies leading to an excluded module (null when
    /// none does): such a module cannot be loaded, so it is not carried either.
    /// </summary>
    private sealed class Blockers(ModuleCatalog catalog, HashSet<string> excluded)
    {
        private static readonly string[] Visiting = [];
        private readonly Dictionary<string, string[]?> _chains = new(StringComparer.Ordinal);

        /// <summary>Null when <paramref name="module"/> can be carried; else the chain from it to an excluded module.</summary>
        public IReadOnlyList<string>? Of(KernelModule module)
        {
            if (_chains.TryGetValue(module.Name, out var known))
                return ReferenceEquals(known, Visiting) ? null : known; // a cycle is reported when loading, not here
            if (excluded.Contains(module.Name))
                return _chains[module.Name] = [module.Name];
            _chains[module.Name] = Visiting;
            string[]? chain = null;
            foreach (var dependency in catalog.DependenciesOf(module))
            {
                if (dependency is { Soft: false, Module: { } needed } && Of(needed) is { } below)
                {
                    chain = [module.Name, .. below];
                    break;
                }
            }
            return _chains[module.Name] = chain;
        }
    }
}
