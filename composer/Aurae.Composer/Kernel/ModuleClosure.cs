using Aurae.Contract.Modules;
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
        Resolve(ModuleCatalog.Of(kernel), requested);

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
        IReadOnlySet<string>? builtinModules = null) =>
        Resolve(new ModuleCatalog(catalog, builtinModules), requested);

    /// <summary>The modules to load for <paramref name="requested"/>, dependencies first.</summary>
    /// <exception cref="ModuleClosureException">Unknown module, missing dependency, or a dependency cycle.</exception>
    public static IReadOnlyList<KernelModule> Resolve(ModuleCatalog catalog, IEnumerable<string> requested)
    {
        var resolver = new Resolver(catalog);
        foreach (var name in requested.Select(KernelModuleName.Normalize))
        {
            if (catalog.Modules.TryGetValue(name, out var module))
                resolver.Visit(module, soft: false);
            else if (!catalog.Builtin.Contains(name))
                throw UnknownModule(name, catalog);
        }
        return resolver.Order;
    }

    /// <summary>"did you mean a, b?" for <paramref name="name"/>, or that nothing is similar.</summary>
    internal static string SuggestionHint(string name, ModuleCatalog catalog) =>
        catalog.Suggest(name) is { Count: > 0 } suggestions
            ? $"did you mean {string.Join(", ", suggestions)}?"
            : "no module has a similar name";

    private static ModuleClosureException UnknownModule(string name, ModuleCatalog catalog) =>
        new($"Unknown kernel module '{name}': the kernel has no such loadable or built-in module ({SuggestionHint(name, catalog)})");

    private sealed class Resolver(ModuleCatalog catalog)
    {
        private readonly Dictionary<string, Mark> _marks = new(StringComparer.Ordinal);
        private readonly List<KernelModule> _path = [];
        private readonly List<KernelModule> _order = [];

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
            foreach (var dependency in catalog.DependenciesOf(module))
                Visit(dependency.Module ?? throw MissingDependency(module, dependency.Name), dependency.Soft);
            _path.RemoveAt(_path.Count - 1);
            _marks[module.Name] = Mark.Done;
            _order.Add(module);
        }

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
