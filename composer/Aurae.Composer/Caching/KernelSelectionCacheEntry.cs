using System.Formats.Tar;
using System.Text;
using Aurae.Composer.Configuration;
using Aurae.Composer.Kernel;

namespace Aurae.Composer.Caching;

/// <summary>
/// What a build keeps of a kernel once its modules are selected: the release, the kernel image,
/// its config, modules.builtin, the carried modules and the load order; as a tar in the build
/// cache. A second build from the same kernel file(s) with the same kernel.modules* selectors
/// skips reading the package (seconds of xz for a Debian .deb) and selecting again.
/// </summary>
public static class KernelSelectionCacheEntry
{
    /// <summary>The cache kind; the version changes when the entry's layout or meaning does.</summary>
    public const string Kind = "kernel-selection-v1";

    private const string ReleaseName = "release";
    private const string VmlinuzName = "vmlinuz";
    private const string ConfigName = "config";
    private const string BuiltinName = "modules.builtin";
    private const string LoadName = "load";
    private const string CarriedPrefix = "carried/";

    /// <summary>
    /// The cache key of a selection: the kernel source's bytes (SHA-256 of each file) and every selector.
    /// Null for a kernel directory, whose whole tree would have to be read to know it unchanged.
    /// </summary>
    public static string? Key(KernelConfig kernel, IReadOnlyList<string> outputNeeds)
    {
        string[] files = kernel.Source switch
        {
            DebKernelSource deb => [deb.DebPath],
            KernelFilesSource split => [split.Vmlinuz, split.ModulesTarball, split.Config],
            _ => [],
        };
        if (files.Length == 0)
            return null;
        var parts = files.Select(FileDigest.Sha256Hex).ToList();
        parts.Add("modules:" + string.Join('\n', kernel.Modules.Select(s => s.Text)));
        parts.Add("exclude:" + string.Join('\n', kernel.ModulesExclude.Select(s => s.Text)));
        parts.Add("load:" + (kernel.ModulesLoad is null ? "(default)" : string.Join('\n', kernel.ModulesLoad.Select(s => s.Name))));
        parts.Add("needs:" + string.Join('\n', outputNeeds));
        return BuildCache.Key([.. parts]);
    }

    /// <summary>The entry for <paramref name="kernel"/> and its <paramref name="selection"/>.</summary>
    public static byte[] Write(KernelPackage kernel, ModuleSelection selection)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            Add(tar, ReleaseName, Encoding.UTF8.GetBytes(kernel.Release));
            Add(tar, VmlinuzName, kernel.Vmlinuz);
            Add(tar, ConfigName, Encoding.UTF8.GetBytes(kernel.Config));
            Add(tar, BuiltinName, Encoding.UTF8.GetBytes(string.Join('\n', kernel.BuiltinModulePaths)));
            Add(tar, LoadName, Encoding.UTF8.GetBytes(string.Join('\n', selection.Load.Select(m => m.Name))));
            foreach (var module in selection.Carried)
                Add(tar, CarriedPrefix + module.Path, module.Content);
        }
        return buffer.ToArray();
    }

    /// <summary>The kernel (holding only the carried modules) and the selection an entry records.</summary>
    /// <exception cref="InvalidDataException">The entry is damaged.</exception>
    public static (KernelPackage Kernel, ModuleSelection Selection) Read(Stream entry, string sourcePath)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var tar = new TarReader(entry, leaveOpen: true))
        {
            while (tar.GetNextEntry() is { } item)
            {
                // Exactly the entry's size: the vmlinuz alone is megabytes, and a growing buffer copies it again and again.
                var content = new byte[item.Length];
                item.DataStream?.ReadExactly(content);
                files[item.Name] = content;
            }
        }
        byte[] Bytes(string name) => files.TryGetValue(name, out var bytes)
            ? bytes
            : throw new InvalidDataException($"build cache entry without '{name}'");
        string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

        var modules = new ModuleTreeCollector();
        modules.Add(ModuleTreeCollector.BuiltinListName, BuiltinName, Encoding.UTF8.GetBytes(Text(BuiltinName)));
        foreach (var (name, content) in files.Where(f => f.Key.StartsWith(CarriedPrefix, StringComparison.Ordinal)))
            modules.Add(name[CarriedPrefix.Length..], name, content);
        var kernel = new KernelPackage(sourcePath, Text(ReleaseName), Bytes(VmlinuzName), Text(ConfigName), modules);
        var carried = kernel.Modules.Values.OrderBy(m => m.Path, StringComparer.Ordinal).ToArray();
        var load = Text(LoadName).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (load.FirstOrDefault(name => !kernel.Modules.ContainsKey(name)) is { } missing)
            throw new InvalidDataException($"build cache entry loads '{missing}', which it does not carry");
        var selection = ModuleSelection.FromResult(new ModuleCatalog(carried, kernel.BuiltinModules), carried, load);
        return (kernel, selection);
    }

    private static void Add(TarWriter tar, string name, ReadOnlyMemory<byte> content)
    {
        // Fixed metadata: an entry is the same bytes whenever its content is.
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { ModificationTime = DateTimeOffset.UnixEpoch, DataStream = new MemoryStream(content.ToArray()) };
        tar.WriteEntry(entry);
    }
}
