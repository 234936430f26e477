using Aurae.Composer.Configuration;
using Aurae.Composer.Kernel;

namespace Aurae.Composer.Outputs;

/// <summary>What every output format is made from: the kernel, the finished initramfs and the command line.</summary>
/// <param name="Modules">The modules loaded at boot, dependencies first (the manifest's Modules).</param>
/// <param name="CarriedModules">Every module the initramfs carries, in path order.</param>
public sealed record ComposedNode(
    NodeConfig Config,
    KernelPackage Kernel,
    IReadOnlyList<KernelModule> Modules,
    ReadOnlyMemory<byte> Initramfs,
    string CommandLine,
    IReadOnlyList<KernelModule> CarriedModules);
