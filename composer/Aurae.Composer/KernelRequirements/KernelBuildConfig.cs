namespace Aurae.Composer.KernelRequirements;

/// <summary>A kernel's configuration: every option its .config file sets or marks as not set.</summary>
public sealed class KernelBuildConfig
{
    private readonly IReadOnlyDictionary<string, KernelConfigValue> _options;

    private KernelBuildConfig(string sourceName, IReadOnlyDictionary<string, KernelConfigValue> options)
    {
        SourceName = sourceName;
        _options = options;
    }

    /// <summary>Where the configuration came from, for messages.</summary>
    public string SourceName { get; }

    /// <summary>Every option the file names, with its value (including those marked not set).</summary>
    public IReadOnlyDictionary<string, KernelConfigValue> Options => _options;

    /// <summary>
    /// Parses .config text. Throws <see cref="KernelConfigFormatException"/> (naming <paramref name="sourceName"/>
    /// and the line) for a line that is not an option, a not-set comment, a comment or blank, and for an option set twice.
    /// </summary>
    public static KernelBuildConfig Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        var options = new Dictionary<string, KernelConfigValue>(StringComparer.Ordinal);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in KernelConfigLine.ReadAll(text, sourceName))
        {
            if (line.Option is null)
                continue;
            if (!lines.TryAdd(line.Option, line.Number))
            {
                throw new KernelConfigFormatException(sourceName, line.Number,
                    $"{line.Option} is set again (first on line {lines[line.Option]})");
            }
            options[line.Option] = line.Value;
        }
        return new KernelBuildConfig(sourceName, options);
    }

    /// <summary>The value of <paramref name="option"/> (e.g. "CONFIG_MEMCG"); an option the file does not name is not set.</summary>
    public KernelConfigValue this[string option] =>
        _options.TryGetValue(option, out var value) ? value : KernelConfigValue.NotSet;
}
