using Aurae.Composer.Caching;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.Initramfs;
using Aurae.Composer.Kernel;
using Aurae.Composer.KernelRequirements;
using Aurae.Composer.Outputs;
using Aurae.Composer.Pki;
using Aurae.Images.Reproducibility;
using Aurae.Manifest;

namespace Aurae.Composer.Build;

/// <summary>
/// node.yaml → images: reads the kernel, resolves the modules, loads the node's PKI, composes
/// the initramfs once and writes each requested output from it. Outputs that share a part
/// (the UKI, the raw disk) build it once.
/// </summary>
/// <param name="cache">Where slow deterministic steps keep their results between builds; none when null.</param>
public sealed class NodeImageBuilder(DaemonBinary daemon, Action<string>? log = null, BuildCache? cache = null)
{
    /// <summary>
    /// The microVM bundle's devices are virtio-mmio; Debian builds that transport as a module,
    /// so a microvm output carries and loads it when the kernel has it as one (unless excluded).
    /// </summary>
    private const string MicrovmTransportModule = "virtio_mmio";

    /// <summary>
    /// The daemon unpacks container images through overlayfs and roots containers on it; Debian
    /// builds it as a module, so every image carries and loads it when the kernel has it as one
    /// (unless excluded).
    /// </summary>
    private const string ImageLayersModule = "overlay";

    public BuildResult Build(NodeConfig config, string outputDirectory)
    {
        var node = Compose(config);
        using var output = new StagedOutputDirectory(outputDirectory);
        var uki = new Lazy<ReadOnlyMemory<byte>>(() =>
        {
            var bytes = UkiOutput.Build(node);
            log?.Invoke($"uki {bytes.Length} bytes");
            return bytes;
        });
        var disks = new RawDisks(node, uki, output, log);
        // Every output at once; the shared parts (the UKI, the raw disks) are made once, by the first
        // output that needs them, while the others wait. The microVM's kernel extraction needs neither
        // and is the longest single task, so it starts first.
        RunConcurrently([.. config.Outputs.OrderBy(kind => kind == OutputKind.Microvm ? 0 : kind == OutputKind.Pxe ? 1 : 2)], kind =>
        {
            switch (kind)
            {
                case OutputKind.Pxe:
                    PxeOutput.Write(node, output);
                    break;
                case OutputKind.Uki:
                    UkiOutput.Write(uki.Value, config.Name, output);
                    break;
                case OutputKind.Iso:
                    IsoOutput.Write(node, uki.Value, output);
                    break;
                case OutputKind.RawEfi:
                    disks.Get(kind);
                    break;
                case OutputKind.Qcow2 or OutputKind.Vhd or OutputKind.VhdDynamic or OutputKind.Vmdk or OutputKind.Gcp:
                    VirtualDiskOutputs.Write(kind, disks.Get(kind), config.Name, output);
                    break;
                case OutputKind.Microvm:
                    MicrovmOutput.Write(node, output);
                    break;
                default:
                    throw new NotSupportedException($"{config.SourcePath}: output '{kind.ToConfigName()}' is not implemented");
            }
            log?.Invoke($"{kind.ToConfigName()} done");
        });
        var files = output.Commit();
        return new BuildResult(node, files);
    }

    /// <summary>
    /// Runs <paramref name="write"/> for every output on all cores; the first failure (in start
    /// order) is rethrown as itself, so its message stays the build's error.
    /// </summary>
    private static void RunConcurrently(IReadOnlyList<OutputKind> outputs, Action<OutputKind> write)
    {
        var failures = new Exception?[outputs.Count];
        // Handed out in list order, one at a time: the order above is the start order.
        var indices = System.Collections.Concurrent.Partitioner.Create(Enumerable.Range(0, outputs.Count),
            System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(indices, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                write(outputs[i]);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        });
        if (failures.FirstOrDefault(e => e is not null) is { } failure)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    public ComposedNode Compose(NodeConfig config)
    {
        string[] outputNeeds = config.Outputs.Contains(OutputKind.Microvm) ? [ImageLayersModule, MicrovmTransportModule] : [ImageLayersModule];
        // The PKI (its first use initializes OpenSSL) loads on the other core while the kernel is read.
        var pkiLoad = Task.Run<ImagePki>(() => config.Identity == NodeIdentitySource.Enroll
            ? PkiDirectory.LoadForEnrollingNode(config.PkiDirectory, config.Name)
            : PkiDirectory.LoadForNode(config.PkiDirectory, config.Name));
        var (kernel, selection) = SelectKernel(config, outputNeeds);
        var modules = selection.Load;
        log?.Invoke(selection.Carried.Count == 0
            ? "no modules"
            : $"modules: {string.Join(' ', selection.Carried.Select(m => m.Name).Order(StringComparer.Ordinal))}; " +
              $"loaded at boot: {(modules.Count == 0 ? "none" : string.Join(' ', modules.Select(m => m.Name)))}");

        // A kernel that cannot run the daemon would boot to a dead node: refuse it here, as `kernel check` would.
        var check = KernelRequirementCheck.Run(KernelBuildConfig.Parse(kernel.Config, kernel.SourcePath),
            selection.Carried.Select(m => m.Name).ToHashSet(StringComparer.Ordinal),
            KernelConfigFragment.ForNode(config.Initramfs.Compression));
        if (!check.AllMet)
            throw new InvalidDataException(
                $"{config.SourcePath}: kernel {kernel.Release} ({kernel.SourcePath}) cannot run auraed; {check.Summary}:\n" +
                string.Join("\n", check.Unmet.Select(result => $"  {result}")) + "\n(`aurae-compose kernel check` prints the whole report)");
        log?.Invoke($"kernel check: {check.Summary}");

        var pki = pkiLoad.GetAwaiter().GetResult();
        var modulePaths = modules.Select(m => InitramfsImage.ModulePath(kernel.Release, m)).ToList();
        var manifest = NodeManifestFactory.Create(config, modulePaths);
        var index = ModuleIndex.Create(selection.Carried, kernel.BuiltinModulePaths);
        var image = new InitramfsImage(daemon, manifest, pki, kernel.Release, selection.Carried, index, BuildTime.Value);

        var hits = cache?.Hits ?? 0;
        var initramfs = image.ToArray(config.Initramfs.Compression, cache);
        log?.Invoke($"initramfs {initramfs.Length} bytes ({config.Initramfs.Compression.ToString().ToLowerInvariant()}" +
            (cache is null ? ")" : $"; {cache.Hits - hits} of 2 shared segments from the cache {cache.Directory})"));
        return new ComposedNode(config, kernel, modules, initramfs, config.Kernel.Cmdline, selection.Carried);
    }

    /// <summary>
    /// The kernel and its module selection: from the build cache when the same kernel file(s) were
    /// selected from with the same selectors before, else read, selected and stored there.
    /// </summary>
    private (KernelPackage Kernel, ModuleSelection Selection) SelectKernel(NodeConfig config, string[] outputNeeds)
    {
        var key = cache is null ? null : KernelSelectionCacheEntry.Key(config.Kernel, outputNeeds);
        var sourcePath = config.Kernel.Source switch
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

        var kernel = config.Kernel.Source switch
        {
            DebKernelSource deb => KernelPackage.FromDeb(deb.DebPath),
            DirectoryKernelSource directory => KernelPackage.FromDirectory(directory.Directory),
            KernelFilesSource files => KernelPackage.FromFiles(files.Vmlinuz, files.ModulesTarball, files.Config),
            _ => throw new InvalidOperationException("unknown kernel source"),
        };
        log?.Invoke($"kernel {kernel.Release} from {kernel.SourcePath}");
        var selection = ModuleSelection.Resolve(ModuleCatalog.Of(kernel), config.Kernel.Modules, config.Kernel.ModulesExclude,
            config.Kernel.ModulesLoad, outputNeeds, warning => log?.Invoke(warning));
        if (key is not null)
            cache!.Put(KernelSelectionCacheEntry.Kind, key, KernelSelectionCacheEntry.Write(kernel, selection));
        return (kernel, selection);
    }

    /// <summary>
    /// The raw EFI disks the disk formats convert: one of the configured (or smallest) size,
    /// which is also the raw-efi output when asked for, and for gcp one rounded up to whole GiB.
    /// </summary>
    private sealed class RawDisks(ComposedNode node, Lazy<ReadOnlyMemory<byte>> uki, StagedOutputDirectory output, Action<string>? log)
    {
        private readonly Dictionary<long, string> _paths = [];
        private readonly Lock _gate = new();
        private EfiSystemDisk? _layout;

        /// <summary>The raw disk <paramref name="kind"/> is converted from, written on first use (outputs ask concurrently).</summary>
        public string Get(OutputKind kind)
        {
            lock (_gate)
                return GetLocked(kind);
        }

        private string GetLocked(OutputKind kind)
        {
            var config = node.Config;
            _layout ??= new EfiSystemDisk(uki.Value, $"aurae/{config.Name}/raw-efi", BuildTime.Value);
            var size = config.Disk.SizeBytes ?? _layout.MinimumSizeBytes;
            if (size < _layout.MinimumSizeBytes)
                throw new InvalidDataException(
                    $"{config.SourcePath}: disk.size {ByteSizeSyntax.Format(size)} cannot hold the EFI system partition; " +
                    $"it needs at least {ByteSizeSyntax.Format(_layout.MinimumSizeBytes)}");
            if (kind == OutputKind.Gcp)
                size = (size + VirtualDiskOutputs.GceSizeMultiple - 1) / VirtualDiskOutputs.GceSizeMultiple * VirtualDiskOutputs.GceSizeMultiple;
            if (_paths.TryGetValue(size, out var existing))
                return existing;

            // The configured disk is the raw-efi output itself when that is asked for; other sizes are scratch.
            var isOutput = config.Outputs.Contains(OutputKind.RawEfi) && size == (config.Disk.SizeBytes ?? _layout.MinimumSizeBytes);
            var path = isOutput
                ? output.CreatePath(VirtualDiskOutputs.FileName(OutputKind.RawEfi, config.Name))
                : output.ScratchPath($"disk-{size}.raw");
            _layout.WriteTo(path, size);
            log?.Invoke($"raw disk {ByteSizeSyntax.Format(size)}");
            _paths[size] = path;
            return path;
        }
    }
}
