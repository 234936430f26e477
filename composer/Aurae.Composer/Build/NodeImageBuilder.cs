using Aurae.Contract.Modules;
using Aurae.Composer.Caching;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.Initramfs;
using Aurae.Composer.KernelRequirements;
using Aurae.Composer.Measurement;
using Aurae.Composer.Outputs;
using Aurae.Composer.Pki;
using Aurae.Composer.Sbom;
using Aurae.Contract.Manifest;
using Aurae.Contract.Measurement;

namespace Aurae.Composer.Build;

/// <summary>
/// node.yaml → images: reads the kernel, resolves the modules, loads the node's PKI, composes
/// the initramfs once and writes each requested output (<see cref="NodeOutputs"/>) from it,
/// concurrently (<see cref="OutputScheduler"/>). Outputs that share a part (the UKI, the raw disk) build it once.
/// </summary>
/// <param name="cache">Where slow deterministic steps keep their results between builds; none when null.</param>
/// <param name="steps">Told of each slow step as it starts and ends, for a progress display.</param>
public sealed class NodeImageBuilder(DaemonBinary daemon, Action<string>? log = null, BuildCache? cache = null, BuildSteps? steps = null)
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
        var parts = new OutputParts(node, output, rawDiskIsOutput: config.Outputs.Contains(OutputKind.RawEfi), log);
        // Every output at once; the shared parts (the UKI, the raw disks) are made once, by the first
        // output that needs them, while the others wait.
        INodeOutput[] writers = [.. config.Outputs.Select(kind => NodeOutputs.TryGet(kind, out var writer) ? writer
            : throw new NotSupportedException($"{config.SourcePath}: output '{kind.ToConfigName()}' is not implemented"))];
        OutputScheduler.Run(writers, writer =>
        {
            using (steps?.Begin($"writing {writer.Kind.ToConfigName()}"))
                writer.Write(node, parts.For(writer), output);
            log?.Invoke($"{writer.Kind.ToConfigName()} done");
        });
        // The PCR 11 the UKI's stub will measure, beside every output that carries the UKI; by now the
        // UKI is made, so this only reads it.
        if (writers.Any(OutputParts.CarriesUki))
        {
            Pcr11Predictor.Write(output, node.Name, parts.Uki);
            log?.Invoke($"{Pcr11PredictionFile.FileName(node.Name)} done");
        }
        // What the image carries, for the operator's inventory and scanners (never a key).
        NodeSbom.Write(output, node, config.Kernel.Source, config.Outputs, writers.Any(OutputParts.CarriesUki), daemon, node.Pki, new DpkgDatabase());
        log?.Invoke($"{NodeSbom.FileName(node.Name)} done");
        var files = output.Commit();
        return new BuildResult(node, files);
    }

    public ComposedNode Compose(NodeConfig config)
    {
        // The build's one timestamp (SOURCE_DATE_EPOCH): the initramfs and every output stamp it.
        var timestamp = BuildTime.Value;
        string[] outputNeeds = config.Outputs.Contains(OutputKind.Microvm) ? [ImageLayersModule, MicrovmTransportModule] : [ImageLayersModule];
        // The PKI (its first use initializes OpenSSL) loads on the other core while the kernel is read.
        var pkiLoad = Task.Run<ImagePki>(() => config.Identity == NodeIdentitySource.Enroll
            ? PkiDirectory.LoadForEnrollingNode(config.PkiDirectory, config.Name)
            : PkiDirectory.LoadForNode(config.PkiDirectory, config.Name));
        // The daemon's segment depends on nothing the kernel decides: it compresses (the cold
        // build's longest step) while the kernel package is read.
        var segmentHits = cache?.HitsOf(SegmentCompression.CacheKind) ?? 0;
        var daemonSegment = new DaemonSegment(daemon, timestamp, config.Initramfs.Compression, cache, steps);
        var (kernel, selection) = new KernelSelectionCache(cache, log, steps).Select(config.Kernel, outputNeeds);
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
        var index = ModuleIndexContent.Create(selection.Carried.Select(m => m.IndexEntry).ToList(), kernel.BuiltinModulePaths);
        var image = new InitramfsImage(daemonSegment, manifest, pki, kernel.Release, selection.Carried, index, timestamp);

        var initramfs = image.ToArray(config.Initramfs.Compression, cache);
        log?.Invoke($"initramfs {initramfs.Length} bytes ({config.Initramfs.Compression.ToString().ToLowerInvariant()}" +
            (cache is null ? ")" : $"; {cache.HitsOf(SegmentCompression.CacheKind) - segmentHits} of 2 shared segments from the cache {cache.Directory})"));
        return new ComposedNode(config.Name, config.SourcePath, kernel, modules, initramfs, config.Kernel.Cmdline, selection.Carried,
            config.Boot, config.Disk.SizeBytes, timestamp, config.SecureBoot, pki);
    }
}
