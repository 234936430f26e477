using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Kernel;

namespace Aurae.Composer.Caching;

/// <summary>
/// The kernel and its module selection: from the build cache when the same kernel file(s) were
/// selected from with the same selectors before, else read, selected and stored there.
/// </summary>
/// <param name="cache">The build cache; none (always read and select) when null.</param>
/// <param name="steps">Told when the kernel is read, for a progress display.</param>
public sealed class KernelSelectionCache(BuildCache? cache, Action<string>? log, BuildSteps? steps = null)
{
    /// <param name="outputNeeds">Modules the requested outputs need carried and loaded when the kernel has them as modules.</param>
    public (KernelPackage Kernel, ModuleSelection Selection) Select(KernelConfig config, string[] outputNeeds)
    {
        var key = cache is null ? null : KernelSelectionCacheEntry.Key(config, outputNeeds);
        var sourcePath = config.Source switch
        {
            DebKernelSource deb => deb.DebPath,
            DirectoryKernelSource directory => directory.Directory,
            KernelFilesSource files => files.Vmlinuz,
            _ => throw new InvalidOperationException("unknown kernel source"),
        };
        if (key is not null && cache!.TryOpen(KernelSelectionCacheEntry.Kind, key, out var entry))
        {
            using var entryStream = entry;
            try
            {
                var (cachedKernel, cachedSelection) = KernelSelectionCacheEntry.Read(entryStream, sourcePath);
                log?.Invoke($"kernel {cachedKernel.Release} from {sourcePath} (selection from the cache {cache.Directory})");
                return (cachedKernel, cachedSelection);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
            {
                // A damaged entry only costs the time to select again; the new one replaces it.
                log?.Invoke($"warning: damaged build cache entry ({e.Message}); reading the kernel again");
            }
        }

        KernelPackage kernel;
        using (steps?.Begin($"reading {Path.GetFileName(sourcePath)}"))
        {
            kernel = config.Source switch
            {
                DebKernelSource deb => KernelPackage.FromDeb(deb.DebPath),
                DirectoryKernelSource directory => KernelPackage.FromDirectory(directory.Directory),
                KernelFilesSource files => KernelPackage.FromFiles(files.Vmlinuz, files.ModulesTarball, files.Config),
                _ => throw new InvalidOperationException("unknown kernel source"),
            };
        }
        log?.Invoke($"kernel {kernel.Release} from {kernel.SourcePath}");
        var selection = ModuleSelection.Resolve(ModuleCatalog.Of(kernel), config.Modules, config.ModulesExclude,
            config.ModulesLoad, outputNeeds, warning => log?.Invoke(warning));
        if (key is not null)
            cache!.Put(KernelSelectionCacheEntry.Kind, key, KernelSelectionCacheEntry.Write(kernel, selection));
        return (kernel, selection);
    }
}
