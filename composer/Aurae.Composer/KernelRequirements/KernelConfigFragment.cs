using Aurae.Contract.Modules;
using Aurae.Images.Compression;

namespace Aurae.Composer.KernelRequirements;

/// <summary>
/// A kernel config fragment such as kernel-configs/required.config: options in .config syntax, each preceded
/// by # comment lines giving the reason, and for <c>=m</c> a <c># module: NAME</c> line naming the module.
/// </summary>
public sealed class KernelConfigFragment
{
    /// <summary>The comment that names the module an <c>=m</c> option's requirement accepts.</summary>
    public const string ModuleDirective = "module:";

    /// <summary>The fragments embedded in aurae-compose (kernel-configs/*.config, without the extension).</summary>
    public static readonly IReadOnlyList<string> BuiltInNames = ["required", "initramfs-gzip", "initramfs-zstd", "recommended", "microvm"];

    /// <summary>The fragment <c>aurae-compose kernel check</c> uses by default.</summary>
    public const string RequiredName = "required";

    private const string ResourcePrefix = "Aurae.Composer.KernelConfigs.";
    private const string FragmentExtension = ".config";

    private KernelConfigFragment(string name, IReadOnlyList<KernelRequirement> requirements)
    {
        Name = name;
        Requirements = requirements;
    }

    /// <summary>The fragment's name for messages (its file name).</summary>
    public string Name { get; }

    /// <summary>The options it asks for, in file order.</summary>
    public IReadOnlyList<KernelRequirement> Requirements { get; }

    /// <summary>
    /// Parses fragment text. Throws <see cref="KernelConfigFormatException"/> for a bad line, an option without
    /// a reason, an option named twice, or a module line that does not go with an <c>=m</c> option.
    /// </summary>
    public static KernelConfigFragment Parse(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var requirements = new List<KernelRequirement>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var reason = new List<string>();
        string? module = null;
        var moduleLine = 0;
        foreach (var line in KernelConfigLine.ReadAll(text, name))
        {
            if (line.IsBlank)
            {
                if (module is not null)
                    throw new KernelConfigFormatException(name, moduleLine, $"'# {ModuleDirective} {module}' is not followed by an option");
                reason.Clear();
            }
            else if (line.Comment is { } comment)
            {
                if (comment.StartsWith(ModuleDirective, StringComparison.Ordinal))
                {
                    module = ModuleName(comment[ModuleDirective.Length..].Trim(), name, line.Number);
                    moduleLine = line.Number;
                }
                else if (comment.Length > 0)
                {
                    reason.Add(comment);
                }
            }
            else
            {
                var option = line.Option!;
                if (reason.Count == 0)
                    throw new KernelConfigFormatException(name, line.Number, $"{option} has no reason: put a # comment saying why on the line above it");
                if (!seen.TryAdd(option, line.Number))
                    throw new KernelConfigFormatException(name, line.Number, $"{option} is named again (first on line {seen[option]})");
                if (line.Value.Kind == KernelConfigValueKind.Module && module is null)
                    throw new KernelConfigFormatException(name, line.Number, $"{option}=m needs a '# {ModuleDirective} NAME' line above it naming the module");
                if (line.Value.Kind != KernelConfigValueKind.Module && module is not null)
                    throw new KernelConfigFormatException(name, moduleLine, $"'# {ModuleDirective} {module}' only goes with an =m option, not {line.Value.Format(option)}");
                requirements.Add(new KernelRequirement(option, line.Value, string.Join(' ', reason), module, line.Number));
                reason.Clear();
                module = null;
            }
        }
        if (module is not null)
            throw new KernelConfigFormatException(name, moduleLine, $"'# {ModuleDirective} {module}' is not followed by an option");
        return new KernelConfigFragment(name, requirements);
    }

    /// <summary>Reads and parses the fragment file at <paramref name="path"/>.</summary>
    public static KernelConfigFragment Load(string path)
    {
        if (Directory.Exists(path))
            throw new IOException($"{path} is a directory, not a kernel config fragment");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such fragment file (fragments shipped with aurae-compose: {string.Join(", ", BuiltInNames)})", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>A file when <paramref name="fileOrName"/> is one, else the built-in fragment of that name (e.g. "recommended").</summary>
    public static KernelConfigFragment Resolve(string fileOrName)
    {
        ArgumentNullException.ThrowIfNull(fileOrName);
        var builtIn = fileOrName.EndsWith(FragmentExtension, StringComparison.Ordinal) ? fileOrName[..^FragmentExtension.Length] : fileOrName;
        return !File.Exists(fileOrName) && !Directory.Exists(fileOrName) && BuiltInNames.Contains(builtIn)
            ? BuiltIn(builtIn)
            : Load(fileOrName);
    }

    /// <summary>The fragment embedded in aurae-compose as kernel-configs/<paramref name="name"/>.config.</summary>
    public static KernelConfigFragment BuiltIn(string name)
    {
        if (!BuiltInNames.Contains(name))
            throw new ArgumentException($"'{name}' is not a built-in kernel config fragment ({string.Join(", ", BuiltInNames)})", nameof(name));
        var resource = ResourcePrefix + name + FragmentExtension;
        using var stream = typeof(KernelConfigFragment).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"aurae-compose was built without the embedded fragment {resource}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), name + FragmentExtension);
    }

    /// <summary>kernel-configs/required.config, embedded.</summary>
    public static KernelConfigFragment Required => BuiltIn(RequiredName);

    /// <summary>
    /// What a node's kernel must have: <see cref="Required"/>, and the decompressor of its initramfs
    /// (kernel-configs/initramfs-gzip.config or initramfs-zstd.config; nothing for an uncompressed one).
    /// </summary>
    public static IReadOnlyList<KernelConfigFragment> ForNode(CompressionFormat initramfsCompression) =>
        initramfsCompression == CompressionFormat.None
            ? [Required]
            : [Required, BuiltIn("initramfs-" + CompressionFormatNames.ToName(initramfsCompression))];

    private static string ModuleName(string text, string fragment, int lineNumber)
    {
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
            throw new KernelConfigFormatException(fragment, lineNumber, $"'{text}' is not a module name (letters, digits, '_' or '-')");
        return KernelModuleName.FromPath(text);
    }

}
