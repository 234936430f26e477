namespace Aurae.Contract.Modules;

/// <summary>
/// What depmod (or the composer's <see cref="ModuleIndexContent"/>) wrote under <c>/lib/modules/RELEASE</c>:
/// the <see cref="ModuleIndexFileNames"/> in kmod's text formats. A missing file reads as empty
/// (images from before coldplug carry none). Lines that do not parse are skipped and listed in
/// <see cref="Problems"/> as FILE:LINE: reason, so a bad line never stops the boot.
/// </summary>
public sealed class ModuleIndex
{
    private readonly Dictionary<string, ModuleEntry> _modules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModuleSoftdep> _softdeps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _builtin = new(StringComparer.Ordinal);
    // Aliases by the bus prefix before their first ':' (pci, usb, virtio, ...) so a modalias is
    // only matched against its own bus; patterns whose prefix holds a wildcard go in _anyPrefix.
    private readonly Dictionary<string, List<Alias>> _aliasesByPrefix = new(StringComparer.Ordinal);
    private readonly List<Alias> _anyPrefix = [];
    private readonly List<string> _problems = [];
    private int _aliasCount;

    private ModuleIndex() { }

    /// <summary>Modules with a file, by name.</summary>
    public IReadOnlyDictionary<string, ModuleEntry> Modules => _modules;

    /// <summary>Names of the modules built into the kernel.</summary>
    public IReadOnlySet<string> Builtin => _builtin;

    public int AliasCount => _aliasCount;

    /// <summary>Lines that were skipped, as FILE:LINE: reason.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Reads the index files in <paramref name="moduleRoot"/> (e.g. <c>/lib/modules/6.1.0-28-cloud-amd64</c>).</summary>
    public static ModuleIndex Load(string moduleRoot)
    {
        var index = new ModuleIndex();
        index.ReadDependencies(Path.Combine(moduleRoot, ModuleIndexFileNames.Dependencies));
        index.ReadAliases(Path.Combine(moduleRoot, ModuleIndexFileNames.Aliases));
        index.ReadSoftdeps(Path.Combine(moduleRoot, ModuleIndexFileNames.Softdeps));
        index.ReadBuiltin(Path.Combine(moduleRoot, ModuleIndexFileNames.Builtin));
        return index;
    }

    public bool IsBuiltin(string name) => _builtin.Contains(KernelModuleName.Normalize(name));

    public bool TryGetModule(string name, out ModuleEntry entry) =>
        _modules.TryGetValue(KernelModuleName.Normalize(name), out entry!);

    /// <summary>The softdep of a module, or null.</summary>
    public ModuleSoftdep? Softdep(string name) => _softdeps.GetValueOrDefault(KernelModuleName.Normalize(name));

    /// <summary>Modules whose alias patterns match <paramref name="modalias"/>, once each, in modules.alias order.</summary>
    public IReadOnlyList<string> ModulesForAlias(string modalias)
    {
        var matches = new List<Alias>();
        var colon = modalias.IndexOf(':');
        if (colon > 0 && _aliasesByPrefix.TryGetValue(modalias[..colon], out var sameBus))
            Collect(sameBus, modalias, matches);
        else if (colon <= 0)
        {
            // No bus prefix (a softdep or alias name like "crypto-crc32c"): every bucket may hold it.
            foreach (var bucket in _aliasesByPrefix.Values)
                Collect(bucket, modalias, matches);
        }
        Collect(_anyPrefix, modalias, matches);
        matches.Sort((a, b) => a.Order.CompareTo(b.Order));
        var names = new List<string>();
        foreach (var match in matches)
        {
            if (!names.Contains(match.Module))
                names.Add(match.Module);
        }
        return names;
    }

    private static void Collect(List<Alias> aliases, string modalias, List<Alias> matches)
    {
        foreach (var alias in aliases)
        {
            if (GlobPattern.IsMatch(alias.Pattern, modalias))
                matches.Add(alias);
        }
    }

    private void ReadDependencies(string file)
    {
        foreach (var (number, line) in Lines(file))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                Problem(file, number, "expected 'PATH: DEPENDENCIES'");
                continue;
            }
            var path = line[..colon].Trim();
            var dependencies = line[(colon + 1)..]
                .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(KernelModuleName.FromPath)
                .ToList();
            var name = KernelModuleName.FromPath(path);
            if (!_modules.TryAdd(name, new ModuleEntry(name, path, dependencies)))
                Problem(file, number, $"module '{name}' is listed twice");
        }
    }

    private void ReadAliases(string file)
    {
        foreach (var (number, line) in Lines(file))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3 || fields[0] != "alias")
            {
                Problem(file, number, "expected 'alias PATTERN MODULE'");
                continue;
            }
            var alias = new Alias(fields[1], KernelModuleName.Normalize(fields[2]), _aliasCount++);
            var colon = alias.Pattern.IndexOf(':');
            var prefix = colon > 0 ? alias.Pattern[..colon] : null;
            if (prefix is null || prefix.AsSpan().IndexOfAny("*?[\\") >= 0)
                _anyPrefix.Add(alias);
            else
            {
                if (!_aliasesByPrefix.TryGetValue(prefix, out var bucket))
                    _aliasesByPrefix[prefix] = bucket = [];
                bucket.Add(alias);
            }
        }
    }

    private void ReadSoftdeps(string file)
    {
        foreach (var (number, line) in Lines(file))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || fields[0] != "softdep")
            {
                Problem(file, number, "expected 'softdep MODULE pre: ... post: ...'");
                continue;
            }
            var pre = new List<string>();
            var post = new List<string>();
            // Names before the first 'pre:' or 'post:' are ignored, as kmod ignores them (modprobe -c
            // shows "softdep a stray pre: b" as "softdep a pre: b"); Linux 6.1's cifs declares such
            // softdeps ("aead2"), so they are normal input, not a problem.
            List<string>? current = null;
            foreach (var field in fields.Skip(2))
            {
                if (field == "pre:")
                    current = pre;
                else if (field == "post:")
                    current = post;
                else
                    current?.Add(field);
            }
            if (pre.Count + post.Count == 0)
                continue;
            var name = KernelModuleName.Normalize(fields[1]);
            // kmod reads every line for a module; later ones add to the earlier.
            if (_softdeps.TryGetValue(name, out var earlier))
                _softdeps[name] = new ModuleSoftdep([.. earlier.Pre, .. pre], [.. earlier.Post, .. post]);
            else
                _softdeps[name] = new ModuleSoftdep(pre, post);
        }
    }

    private void ReadBuiltin(string file)
    {
        foreach (var (_, line) in Lines(file))
            _builtin.Add(KernelModuleName.FromPath(line.Trim()));
    }

    private void Problem(string file, int line, string reason) => _problems.Add($"{file}:{line}: {reason}");

    /// <summary>Non-empty, non-comment lines with their 1-based numbers; none when the file is missing.</summary>
    private IEnumerable<(int Number, string Text)> Lines(string file)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _problems.Add($"{file}: cannot read: {e.Message}");
            return [];
        }
        return lines
            .Select((text, i) => (Number: i + 1, Text: text.Trim()))
            .Where(l => l.Text.Length > 0 && l.Text[0] != '#');
    }

    private sealed record Alias(string Pattern, string Module, int Order);
}
