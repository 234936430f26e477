
namespace Aurae.Contract.Yaml;

/// <summary>The file being read: where errors point and what relative paths are relative to.</summary>
public sealed class ConfigSource(string filePath, string kind)
{
    public string FilePath { get; } = filePath;

    public string BaseDirectory { get; } = Path.GetDirectoryName(Path.GetFullPath(filePath))!;

    /// <summary>What the file is, as messages call it ("node.yaml", "workloads.yaml"), whatever its name.</summary>
    public string Kind { get; } = kind;

    public ConfigFileException Error(SourceLocation at, string field, string problem) =>
        new(FilePath, at.Line, at.Column, field, problem);
}

/// <summary>
/// A YAML node together with its dotted field path. Every typed accessor either returns the
/// value or throws a <see cref="ConfigFileException"/> pointing at this node.
/// </summary>
public sealed class ConfigField(ConfigSource source, YamlTreeNode node, string path)
{
    public ConfigSource Source { get; } = source;

    public YamlTreeNode Node { get; } = node;

    public string Path { get; } = path;

    public bool IsNull => Node is YamlTreeScalar { IsNull: true };

    public ConfigFileException Error(string problem) => Source.Error(Node.Start, Path, problem);

    /// <summary>This node's place in the file, for errors found after loading.</summary>
    public ConfigPosition Position => new(Source.FilePath, Node.Start.Line, Node.Start.Column, Path);

    public string AsString() =>
        Node is YamlTreeScalar { IsNull: false } scalar ? scalar.Value : throw Expected("a string");

    public bool AsBoolean() =>
        Node is YamlTreeScalar scalar && scalar.AsBoolean() is { } value ? value : throw Expected("a boolean (true or false)");

    public IReadOnlyList<ConfigField> AsSequence()
    {
        if (Node is YamlTreeSequence sequence)
            return sequence.Items.Select((item, i) => new ConfigField(Source, item, $"{Path}[{i}]")).ToArray();
        var hint = Node is YamlTreeScalar { IsNull: false } scalar ? $" (write a single item as [{scalar.Value}])" : "";
        throw Error($"expected a sequence, got {Node.Describe()}{hint}");
    }

    /// <summary>The node as a mapping whose keys must all be in <paramref name="knownKeys"/>.</summary>
    public ConfigMapping AsMapping(params string[] knownKeys)
    {
        if (Node is not YamlTreeMapping mapping)
            throw Expected("a mapping");
        foreach (var (key, _) in mapping.Entries)
        {
            if (!knownKeys.Contains(key.Value))
                throw Source.Error(key.Start, Child(key.Value),
                    $"unknown key{Suggestions.DidYouMean(key.Value, knownKeys)}; known keys: {string.Join(", ", knownKeys)}");
        }
        return new ConfigMapping(this, mapping);
    }

    /// <summary>The node as a mapping whose keys are names the user chooses (e.g. serve.yaml's profiles), in file order.</summary>
    public IReadOnlyList<(string Key, ConfigField Value)> AsNamedEntries()
    {
        if (Node is not YamlTreeMapping mapping)
            throw Expected("a mapping");
        return [.. mapping.Entries.Select(e => (e.Key.Value, new ConfigField(Source, e.Value, Child(e.Key.Value))))];
    }

    /// <summary>An error pointing at a key of this mapping, such as a name the user chose that is not valid.</summary>
    public ConfigFileException KeyError(string key, string problem) =>
        Node is YamlTreeMapping mapping && mapping.Entries.FirstOrDefault(e => e.Key.Value == key).Key is { } found
            ? Source.Error(found.Start, Child(key), problem)
            : Error(problem);

    /// <summary>A path relative to the file's directory, made absolute; it must name an existing file.</summary>
    public string AsExistingFile()
    {
        var path = AsPath();
        if (Directory.Exists(path))
            throw Error($"'{path}' is a directory, expected a file");
        return File.Exists(path) ? path : throw Error($"file '{path}' does not exist");
    }

    /// <summary>A path relative to the file's directory, made absolute; it must name an existing directory.</summary>
    /// <param name="hint">Given the resolved path, advice appended when the directory is missing.</param>
    public string AsExistingDirectory(Func<string, string>? hint = null)
    {
        var path = AsPath();
        if (File.Exists(path))
            throw Error($"'{path}' is a file, expected a directory");
        return Directory.Exists(path) ? path : throw Error($"directory '{path}' does not exist{hint?.Invoke(path)}");
    }

    public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public string AsPath()
    {
        var value = AsString();
        if (value.Length == 0)
            throw Error("expected a path, got an empty string");
        if (value.StartsWith('~'))
            throw Error($"'{value}': '~' is not expanded; use a path relative to {Source.Kind} or an absolute path");
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(Source.BaseDirectory, value));
    }

    private ConfigFileException Expected(string what) => Error($"expected {what}, got {Node.Describe()}");
}

/// <summary>A mapping whose keys have been checked; fields are looked up by name.</summary>
public sealed class ConfigMapping(ConfigField field, YamlTreeMapping mapping)
{
    public ConfigField Field { get; } = field;

    /// <summary>The field, or null when the key is absent or its value is null (both mean "use the default").</summary>
    public ConfigField? Optional(string key)
    {
        var value = Find(key);
        return value is null || value.IsNull ? null : value;
    }

    /// <summary>The field; when the key is absent the error points at this mapping.</summary>
    public ConfigField Required(string key) =>
        Find(key) ?? throw Field.Source.Error(mapping.Start, Field.Child(key), "required field is missing");

    public bool Has(string key) => mapping.Entries.Any(e => e.Key.Value == key);

    /// <summary>An error pointing at a key rather than its value, for problems between keys.</summary>
    public ConfigFileException KeyError(string key, string problem) =>
        Field.Source.Error(mapping.Entries.First(e => e.Key.Value == key).Key.Start, Field.Child(key), problem);

    /// <summary>Of the given keys that are present, the one written last.</summary>
    public string LastOf(params string[] keys) =>
        mapping.Entries.Last(e => keys.Contains(e.Key.Value)).Key.Value;

    private ConfigField? Find(string key)
    {
        var entry = mapping.Entries.FirstOrDefault(e => e.Key.Value == key);
        return entry.Key is null ? null : new ConfigField(Field.Source, entry.Value, Field.Child(key));
    }
}
