namespace Aurae.Composer.Kernel;

/// <summary>
/// Computes which modules to load, and in what order, so that requested modules can be loaded
/// one after another with finit_module(2): every module comes after its hard dependencies
/// ("depends") and after those of its soft "pre:" dependencies the kernel provides.
/// </summary>
/// <remarks>
/// The order is a depth-first post-order: requested modules in the order given, each one's
/// dependencies visited in name order, so the result is the same on every run.
/// A soft dependency names a module or an exact (wildcard-free) alias; one the catalog lacks is
/// ignored, and so is one that would close a cycle, since it is only a preference. "post:" soft
/// dependencies are not added.
/// </remarks>
public static class ModuleClosure
{
    private enum Mark { Visiting, Done }

    /// <summary>Resolves <paramref name="requested"/> against the modules of <paramref name="kernel"/>.</summary>
    public static IReadOnlyList<KernelModule> Resolve(KernelPackage kernel, IEnumerable<string> requested) =>
        Resolve(kernel.Modules.Values, requested, kernel.BuiltinModules);

    /// <summary>
    /// The modules to load for <paramref name="requested"/> (names with '-' or '_'), dependencies
    /// first. A requested module that is built into the kernel needs no loading and is left out.
    /// </summary>
    /// <param name="catalog">Every loadable module of the kernel.</param>
    /// <param name="requested">Module names to load.</param>
    /// <param name="builtinModules">Modules built into the kernel image (normalized names).</param>
    /// <exception cref="ModuleClosureException">Unknown module, missing dependency, or a dependency cycle.</exception>
    public static IReadOnlyList<KernelModule> Resolve(
        IEnumerable<KernelModule> catalog,
        IEnumerable<string> requested,
        IReadOnlySet<string>? builtinModules = null)
    {
        var modules = new Dictionary<string, KernelModule>(StringComparer.Ordinal);
        foreach (var module in catalog)
        {
            if (!modules.TryAdd(module.Name, module))
                throw new ArgumentException(
                    $"The catalog has two modules named '{module.Name}': '{modules[module.Name].Path}' and '{module.Path}'.",
                    nameof(catalog));
        }
        var builtin = builtinModules ?? new HashSet<string>();
        var resolver = new Resolver(modules, builtin);

        foreach (var name in requested.Select(KernelModule.NormalizeName))
        {
            if (modules.TryGetValue(name, out var module))
                resolver.Visit(module, soft: false);
            else if (!builtin.Contains(name))
                throw UnknownModule(name, modules, builtin);
        }
        return resolver.Order;
    }

    private static ModuleClosureException UnknownModule(
        string name, Dictionary<string, KernelModule> modules, IReadOnlySet<string> builtin)
    {
        var aliasedBy = modules.Values
            .Where(m => m.Aliases.Any(a => KernelModule.NormalizeName(a) == name))
            .Select(m => m.Name);
        var suggestions = aliasedBy
            .Concat(ModuleNameSuggestions.For(name, modules.Keys.Concat(builtin)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var hint = suggestions.Length == 0
            ? "no module has a similar name"
            : $"did you mean {string.Join(", ", suggestions)}?";
        return new ModuleClosureException(
            $"Unknown kernel module '{name}': the kernel has no such loadable or built-in module ({hint})");
    }

    private sealed class Resolver(Dictionary<string, KernelModule> modules, IReadOnlySet<string> builtin)
    {
        private readonly Dictionary<string, Mark> _marks = new(StringComparer.Ordinal);
        private readonly List<KernelModule> _path = [];
        private readonly List<KernelModule> _order = [];
        private Dictionary<string, string[]>? _exactAliases;

        public IReadOnlyList<KernelModule> Order => _order;

        public void Visit(KernelModule module, bool soft)
        {
            if (_marks.TryGetValue(module.Name, out var mark))
            {
                if (mark == Mark.Visiting && !soft)
                    throw Cycle(module);
                return;
            }

            _marks[module.Name] = Mark.Visiting;
            _path.Add(module);
            foreach (var (dependency, isSoft) in Dependencies(module))
                Visit(dependency, isSoft);
            _path.RemoveAt(_path.Count - 1);
            _marks[module.Name] = Mark.Done;
            _order.Add(module);
        }

        /// <summary>Hard dependencies and available soft pre-dependencies, by name; hard wins a tie.</summary>
        private IEnumerable<(KernelModule Module, bool Soft)> Dependencies(KernelModule module)
        {
            var edges = new SortedDictionary<string, (KernelModule Module, bool Soft)>(StringComparer.Ordinal);
            foreach (var name in module.SoftDependencies.Pre)
            {
                foreach (var provider in SoftDependencyProviders(name))
                {
                    if (provider.Name != module.Name)
                        edges[provider.Name] = (provider, true);
                }
            }
            foreach (var name in module.Depends)
            {
                if (modules.TryGetValue(name, out var dependency))
                    edges[name] = (dependency, false);
                else if (!builtin.Contains(name))
                    throw MissingDependency(module, name);
            }
            return edges.Values;
        }

        private IEnumerable<KernelModule> SoftDependencyProviders(string name)
        {
            if (modules.TryGetValue(name, out var module))
                return [module];
            _exactAliases ??= IndexExactAliases();
            return _exactAliases.TryGetValue(name, out var providers) ? providers.Select(p => modules[p]) : [];
        }

        /// <summary>Alias → modules declaring it, for aliases without glob characters.</summary>
        private Dictionary<string, string[]> IndexExactAliases() =>
            modules.Values
                .SelectMany(m => m.Aliases.Select(a => (Alias: KernelModule.NormalizeName(a), Module: m.Name)))
                .Where(a => a.Alias.IndexOfAny(['*', '?', '[']) < 0)
                .GroupBy(a => a.Alias, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(a => a.Module).Distinct().Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

        private ModuleClosureException Cycle(KernelModule repeated)
        {
            var start = _path.FindIndex(m => m.Name == repeated.Name);
            var cycle = _path.Skip(start).Select(m => m.Name).Append(repeated.Name);
            return new ModuleClosureException($"Kernel module dependency cycle: {string.Join(" -> ", cycle)}");
        }

        private ModuleClosureException MissingDependency(KernelModule module, string dependency)
        {
            var chain = _path.Count > 1 ? $" (needed via {string.Join(" -> ", _path.Select(m => m.Name))})" : "";
            return new ModuleClosureException(
                $"Kernel module '{module.Name}' ({module.Path}) depends on '{dependency}', which the kernel does not provide{chain}");
        }
    }
}
