using Aurae.Contract.Modules;
using Aurae.Images.Compression;

namespace Aurae.Composer.Kernel;

/// <summary>
/// A loadable kernel module: where it lives under lib/modules/&lt;release&gt;/, what its .modinfo
/// says about it, and its uncompressed object code (what finit_module(2) loads).
/// </summary>
public sealed class KernelModule
{
    // Kernel modules are ".ko" files, optionally compressed as a whole (kmod loads ".ko.xz",
    // ".ko.zst" and ".ko.gz"; see the kernel's CONFIG_MODULE_COMPRESS_* options).
    private const string ModuleSuffix = ".ko";
    private static readonly CompressionFormat[] ModuleCompressions =
        [CompressionFormat.None, CompressionFormat.Xz, CompressionFormat.Zstd, CompressionFormat.Gzip];

    /// <param name="path">Path under lib/modules/&lt;release&gt;/, ending in ".ko".</param>
    /// <param name="modInfo">The module's .modinfo entries.</param>
    /// <param name="content">The uncompressed module image.</param>
    public KernelModule(string path, ModInfo modInfo, ReadOnlyMemory<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.EndsWith(ModuleSuffix, StringComparison.Ordinal))
            throw new ArgumentException($"A module path ends in '{ModuleSuffix}': '{path}'.", nameof(path));
        Path = path;
        ModInfo = modInfo;
        Content = content;
        var fileName = System.IO.Path.GetFileName(path);
        Name = KernelModuleName.Normalize(modInfo.GetFirst("name") is { Length: > 0 } name ? name : fileName[..^ModuleSuffix.Length]);
        Depends = SplitList(modInfo.GetAll("depends"));
        SoftDependencies = ModuleSoftDependencies.Parse(modInfo.GetAll("softdep"));
        Aliases = modInfo.GetAll("alias");
    }

    /// <summary>The module name, as the kernel knows it: '-' normalized to '_'.</summary>
    public string Name { get; }

    /// <summary>Path under lib/modules/&lt;release&gt;/, such as "kernel/drivers/net/virtio_net.ko".</summary>
    public string Path { get; }

    /// <summary>Modules that must be loaded first (modinfo "depends", normalized names).</summary>
    public IReadOnlyList<string> Depends { get; }

    public ModuleSoftDependencies SoftDependencies { get; }

    /// <summary>Aliases the module answers to (modinfo "alias"), as written, possibly with wildcards.</summary>
    public IReadOnlyList<string> Aliases { get; }

    public ModInfo ModInfo { get; }

    /// <summary>The uncompressed module image.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>What the image's module index says of this module.</summary>
    public IndexedModule IndexEntry => new(Name, Path, Depends, Aliases, ModInfo.GetAll("softdep"));

    /// <summary>Whether <paramref name="path"/> names a module file: ".ko", ".ko.xz", ".ko.zst" or ".ko.gz".</summary>
    public static bool IsModuleFile(string path) =>
        Decompression.FromFileName(path, ModuleSuffix) is { } format && ModuleCompressions.Contains(format);

    /// <summary>
    /// Reads a module file as it is stored: decompresses a ".ko.xz", ".ko.zst" or ".ko.gz" (the
    /// resulting <see cref="Path"/> ends in ".ko") and parses its .modinfo.
    /// </summary>
    /// <param name="path">Path under lib/modules/&lt;release&gt;/; also names the module in errors.</param>
    /// <exception cref="InvalidDataException">Not a module file, corrupt compression, or a bad ELF image.</exception>
    public static KernelModule FromFile(string path, ReadOnlyMemory<byte> fileContent)
    {
        if (!IsModuleFile(path))
            throw new InvalidDataException($"{path}: not a kernel module file name (expected .ko, .ko.xz, .ko.zst or .ko.gz)");
        var format = Decompression.FromFileName(path, ModuleSuffix)!.Value;
        var content = fileContent;
        try
        {
            if (format != CompressionFormat.None)
                content = Decompression.DecompressAll(fileContent, format);
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            throw new InvalidDataException($"{path}: cannot decompress ({e.GetType().Name}: {e.Message})", e);
        }
        var plainPath = path[..^Decompression.SuffixOf(format).Length];
        return new KernelModule(plainPath, ElfModInfoReader.Read(content.Span, path), content);
    }

    public override string ToString() => $"{Name} ({Path})";

    private static string[] SplitList(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(KernelModuleName.Normalize)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
}
