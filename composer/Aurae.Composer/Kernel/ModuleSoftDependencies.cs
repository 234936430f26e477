using Aurae.Contract.Modules;
namespace Aurae.Composer.Kernel;

/// <summary>
/// A module's soft dependencies (MODULE_SOFTDEP, modinfo "softdep=pre: a b post: c"; syntax as for
/// "softdep" in modprobe.d(5)): modules to load before (<see cref="Pre"/>) or after
/// (<see cref="Post"/>) it if they are available. Names are normalized ('-' → '_') and may be
/// module aliases rather than module names.
/// </summary>
public sealed class ModuleSoftDependencies
{
    private const string PreMarker = "pre:";
    private const string PostMarker = "post:";

    public ModuleSoftDependencies(IEnumerable<string> pre, IEnumerable<string> post)
    {
        Pre = pre.Select(KernelModuleName.Normalize).ToArray();
        Post = post.Select(KernelModuleName.Normalize).ToArray();
    }

    public static ModuleSoftDependencies None { get; } = new([], []);

    public IReadOnlyList<string> Pre { get; }

    public IReadOnlyList<string> Post { get; }

    /// <summary>
    /// Parses every "softdep" value of a module and merges them. Names that precede any "pre:" or
    /// "post:" marker are ignored, as kmod ignores them (some modules write MODULE_SOFTDEP("aes")).
    /// </summary>
    public static ModuleSoftDependencies Parse(IEnumerable<string> softdepValues)
    {
        var pre = new List<string>();
        var post = new List<string>();
        foreach (var value in softdepValues)
        {
            List<string>? target = null;
            foreach (var token in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (token == PreMarker)
                    target = pre;
                else if (token == PostMarker)
                    target = post;
                else
                    target?.Add(token);
            }
        }
        return pre.Count == 0 && post.Count == 0 ? None : new ModuleSoftDependencies(pre, post);
    }

    public override string ToString() =>
        $"pre: {string.Join(' ', Pre)} post: {string.Join(' ', Post)}";
}
