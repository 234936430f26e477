using System.Collections.Concurrent;
using Aurae.Images.LinuxKernel;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.LinuxKernel;

/// <summary>The vmlinux of real Debian cloud kernels, each extracted once for all tests.</summary>
internal static class RealKernel
{
    private static readonly ConcurrentDictionary<KernelPackage, Lazy<byte[]>> Extracted = new();

    /// <summary>The vmlinux <see cref="BzImage.ExtractVmlinux()"/> extracts from <paramref name="package"/>'s vmlinuz.</summary>
    public static byte[] Vmlinux(KernelPackage package) =>
        Extracted.GetOrAdd(package, p => new Lazy<byte[]>(() => BzImage.Parse(p.Vmlinuz).ExtractVmlinux())).Value;

    /// <summary>The current kernel's vmlinux.</summary>
    public static byte[] CurrentVmlinux => Vmlinux(KernelPackage.Instance);
}
