using System.Text;

namespace Aurae.Contract.Modules;

/// <summary>
/// The kmod index files for the modules an image carries, as depmod(8) writes them in
/// lib/modules/&lt;release&gt;/ (text forms only; see <see cref="ModuleIndexFileNames"/>). The
/// composer writes them; auraed reads them back with <see cref="ModuleIndex"/> to load modules
/// for the devices it finds.
/// </summary>
public sealed class ModuleIndexContent
{
    private ModuleIndexContent(string dep, string alias, string softDep, string builtin)
    {
        Dep = dep;
        Alias = alias;
        SoftDep = softDep;
        Builtin = builtin;
    }

    /// <summary>"PATH: DEP1 DEP2" per carried module, by path; dependencies before their own dependencies (load them in reverse).</summary>
    public string Dep { get; }

    /// <summary>"alias PATTERN NAME" per alias of each carried module, sorted.</summary>
    public string Alias { get; }

    /// <summary>"softdep NAME pre: A post: B" per softdep entry of each carried module, sorted.</summary>
    public string SoftDep { get; }

    /// <summary>The kernel's built-in modules, one path per line, sorted.</summary>
    public string Builtin { get; }

    /// <summary>The four files as (name, content), content ASCII/UTF-8 text.</summary>
    public IReadOnlyList<(string Name, byte[] Content)> Files =>
    [
        (ModuleIndexFileNames.Dependencies, Encoding.UTF8.GetBytes(Dep)),
        (ModuleIndexFileNames.Aliases, Encoding.UTF8.GetBytes(Alias)),
        (ModuleIndexFileNames.Softdeps, Encoding.UTF8.GetBytes(SoftDep)),
        (ModuleIndexFileNames.Builtin, Encoding.UTF8.GetBytes(Builtin)),
    ];

    /// <param name="carried">The modules the image carries; closed under hard dependencies (those not carried must be built in).</param>
    /// <param name="builtinPaths">Lines of the kernel's modules.builtin ("kernel/fs/ext4/ext4.ko").</param>
    /// <exception cref="ArgumentException">Two carried modules share a name or path.</exception>
    public static ModuleIndexContent Create(IReadOnlyList<IndexedModule> carried, IEnumerable<string> builtinPaths)
    {
        var byName = new Dictionary<string, IndexedModule>(StringComparer.Ordinal);
        foreach (var module in carried)
        {
            if (!byName.TryAdd(module.Name, module))
                throw new ArgumentException($"Two carried modules are named '{module.Name}': '{byName[module.Name].Path}' and '{module.Path}'.", nameof(carried));
        }
        if (carried.Select(m => m.Path).Distinct(StringComparer.Ordinal).Count() != carried.Count)
            throw new ArgumentException("Two carried modules have the same path.", nameof(carried));

        var ordered = carried.OrderBy(m => m.Path, StringComparer.Ordinal).ToArray();
        var dep = new StringBuilder();
        foreach (var module in ordered)
        {
            // depmod(8): "path:" then every direct and indirect dependency, each before those it needs.
            dep.Append(module.Path).Append(':');
            foreach (var dependency in DependentsFirst(module, byName))
                dep.Append(' ').Append(dependency.Path);
            dep.Append('\n');
        }

        var aliases = ordered.SelectMany(m => m.Aliases.Select(a => $"alias {a} {m.Name}\n"));
        var softDeps = ordered.SelectMany(m => m.Softdeps.Select(v => $"softdep {m.Name} {v}\n"));
        var builtin = builtinPaths.Select(p => p.Trim()).Where(p => p.Length > 0).Select(p => p + "\n");
        return new ModuleIndexContent(dep.ToString(), Sorted(aliases), Sorted(softDeps), Sorted(builtin));
    }

    private static string Sorted(IEnumerable<string> lines) =>
        string.Concat(lines.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>
    /// The hard dependencies of <paramref name="module"/>, direct and indirect, in reverse
    /// depth-first post-order (dependencies visited by name): each before what it depends on.
    /// </summary>
    private static IEnumerable<IndexedModule> DependentsFirst(IndexedModule module, Dictionary<string, IndexedModule> byName)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal) { module.Name };
        var postOrder = new List<IndexedModule>();
        void Visit(IndexedModule current)
        {
            foreach (var name in current.Depends.Order(StringComparer.Ordinal))
            {
                // A dependency not carried is built into the kernel (the selection checked it).
                if (byName.TryGetValue(name, out var dependency) && visited.Add(name))
                {
                    Visit(dependency);
                    postOrder.Add(dependency);
                }
            }
        }
        Visit(module);
        postOrder.Reverse();
        return postOrder;
    }
}
