using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.Initramfs;
using Aurae.Composer.Kernel;
using Aurae.Composer.Outputs;
using Aurae.Composer.Pki;

namespace Aurae.Composer.Build;

/// <summary>
/// node.yaml → images: reads the kernel, resolves the modules, loads the node's PKI, composes
/// the initramfs once and writes each requested output from it.
/// </summary>
public sealed class NodeImageBuilder(DaemonBinary daemon, Action<string>? log = null)
{
    public BuildResult Build(NodeConfig config, string outputDirectory)
    {
        var node = Compose(config);
        using var output = new StagedOutputDirectory(outputDirectory);
        foreach (var kind in config.Outputs)
        {
            switch (kind)
            {
                case OutputKind.Pxe:
                    PxeOutput.Write(node, output);
                    break;
                default:
                    throw new NotSupportedException($"{config.SourcePath}: output '{kind.ToConfigName()}' is not implemented yet");
            }
        }
        var files = output.Commit();
        return new BuildResult(node, files);
    }

    public ComposedNode Compose(NodeConfig config)
    {
        var kernel = config.Kernel.Source switch
        {
            DebKernelSource deb => KernelPackage.FromDeb(deb.DebPath),
            DirectoryKernelSource directory => throw new NotSupportedException(
                $"{config.SourcePath}: kernel.directory ('{directory.Directory}') is not supported yet; use kernel.deb"),
            _ => throw new InvalidOperationException("unknown kernel source"),
        };
        log?.Invoke($"kernel {kernel.Release} from {kernel.SourcePath}");

        var modules = ModuleClosure.Resolve(kernel, config.Kernel.Modules);
        log?.Invoke(modules.Count == 0 ? "no modules" : $"modules: {string.Join(' ', modules.Select(m => m.Name))}");

        var pki = PkiDirectory.LoadForNode(config.PkiDirectory, config.Name);
        var modulePaths = modules.Select(m => InitramfsImage.ModulePath(kernel.Release, m)).ToList();
        var manifest = NodeManifestFactory.Create(config, modulePaths);
        var image = new InitramfsImage(daemon, manifest, pki, kernel.Release, modules);

        using var initramfs = new MemoryStream();
        image.WriteTo(initramfs, config.Initramfs.Compression);
        log?.Invoke($"initramfs {initramfs.Length} bytes ({config.Initramfs.Compression.ToString().ToLowerInvariant()})");
        return new ComposedNode(config, kernel, modules, initramfs.ToArray(), config.Kernel.Cmdline);
    }
}
