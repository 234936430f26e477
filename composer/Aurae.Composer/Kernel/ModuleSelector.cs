using Aurae.Contract.Modules;
using Aurae.Contract.Yaml;

namespace Aurae.Composer.Kernel;

/// <summary>
/// One entry of node.yaml's kernel.modules or kernel.modules_exclude: which modules it names is
/// known only once the kernel is read, so it keeps its node.yaml position for the error when it
/// matches nothing. A closed hierarchy: a name, an alias, a path glob or a named set.
/// </summary>
public abstract record ModuleSelector
{
    private const char SetPrefix = '@';

    private protected ModuleSelector(string text, ConfigPosition position)
    {
        Text = text;
        Position = position;
    }

    /// <summary>The selector as written in node.yaml.</summary>
    public string Text { get; }

    /// <summary>Where it was written.</summary>
    public ConfigPosition Position { get; }

    /// <summary>
    /// Classifies <paramref name="text"/>: "@set" is a named set, anything with '/' a path glob,
    /// anything else with ':' an alias, else a module name. Returns the problem, or null.
    /// </summary>
    public static string? TryParse(string text, ConfigPosition position, out ModuleSelector? selector)
    {
        selector = null;
        if (text.Length == 0)
            return "expected a module name, alias, path glob or @set, got an empty string";
        if (text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return $"'{text}' contains white space; write one selector per item";
        if (text[0] == SetPrefix)
        {
            var name = text[1..];
            if (!ModuleSets.All.ContainsKey(name))
                return $"unknown module set '{text}'{Suggestions.DidYouMean(name, ModuleSets.All.Keys)}; known sets: {string.Join(", ", ModuleSets.All.Keys.Select(k => SetPrefix + k))}";
            selector = new NamedSetModuleSelector(name, text, position);
            return null;
        }
        if (text.Contains('/'))
        {
            if (text.StartsWith('/') || text.Split('/').Any(part => part is "" or "." or ".."))
                return $"'{text}' is not a module path glob: write it relative to lib/modules/<release>, e.g. kernel/drivers/net/ethernet/**";
            selector = new PathGlobModuleSelector(text, position);
            return null;
        }
        if (text.Contains(':'))
        {
            selector = new AliasModuleSelector(text, position);
            return null;
        }
        if (text.IndexOf(".ko", StringComparison.Ordinal) is var suffix and > 0
            && (text.EndsWith(".ko", StringComparison.Ordinal) || text.Contains(".ko.", StringComparison.Ordinal)))
            return $"'{text}': write the module name without the file extension, e.g. '{text[..suffix]}'";
        if (!text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            return $"'{text}' is not a module selector: write a module name (letters, digits, '_' and '-'), " +
                $"an alias (with ':'), a path glob (with '/') or a set ({string.Join(", ", ModuleSets.All.Keys.Select(k => SetPrefix + k))})";
        selector = new NameModuleSelector(text, position);
        return null;
    }

    /// <summary>Whether <paramref name="other"/> selects by the same words ('-' and '_' alike in names).</summary>
    public virtual bool SameAs(ModuleSelector other) => GetType() == other.GetType() && Text == other.Text;

    public override string ToString() => Text;
}

/// <summary>A module by name ("virtio_net"; '-' and '_' alike).</summary>
public sealed record NameModuleSelector : ModuleSelector
{
    public NameModuleSelector(string text, ConfigPosition position) : base(text, position)
    {
        Name = KernelModuleName.Normalize(text);
    }

    /// <summary>The normalized module name ('_', never '-').</summary>
    public string Name { get; }

    public override bool SameAs(ModuleSelector other) => other is NameModuleSelector name && name.Name == Name;
}

/// <summary>
/// Modules by alias: any module with an .modinfo alias that matches the selector, or that the
/// selector matches, with fnmatch(3) (a concrete modalias, or an alias pattern copied from modinfo).
/// </summary>
public sealed record AliasModuleSelector : ModuleSelector
{
    public AliasModuleSelector(string text, ConfigPosition position) : base(text, position)
    {
        Glob = ModuleGlob.FnMatch(text);
    }

    /// <summary>The selector as an fnmatch pattern, for aliases it covers.</summary>
    public ModuleGlob Glob { get; }
}

/// <summary>Modules by path under lib/modules/&lt;release&gt; ("kernel/drivers/net/ethernet/**").</summary>
public sealed record PathGlobModuleSelector : ModuleSelector
{
    public PathGlobModuleSelector(string text, ConfigPosition position) : base(text, position)
    {
        Glob = ModuleGlob.Path(text);
    }

    public ModuleGlob Glob { get; }
}

/// <summary>A named set from <see cref="ModuleSets"/> ("@virtio").</summary>
public sealed record NamedSetModuleSelector : ModuleSelector
{
    public NamedSetModuleSelector(string setName, string text, ConfigPosition position) : base(text, position)
    {
        if (!ModuleSets.All.ContainsKey(setName))
            throw new ArgumentException($"There is no module set '{setName}'.", nameof(setName));
        SetName = setName;
    }

    /// <summary>The set's name without '@'.</summary>
    public string SetName { get; }

    /// <summary>The set's members: names and path globs.</summary>
    public IReadOnlyList<string> Members => ModuleSets.All[SetName];
}
