using Aurae.Composer.Configuration;
using Aurae.Composer.Kernel;

namespace Aurae.Composer.Build;

/// <summary>What every output format is made from: the kernel, the finished initramfs and the command line.</summary>
public sealed record ComposedNode(
    NodeConfig Config,
    KernelPackage Kernel,
    IReadOnlyList<KernelModule> Modules,
    ReadOnlyMemory<byte> Initramfs,
    string CommandLine);
