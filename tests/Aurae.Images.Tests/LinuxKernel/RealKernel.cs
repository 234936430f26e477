using Aurae.Images.LinuxKernel;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.LinuxKernel;

/// <summary>The real Debian cloud kernel and its vmlinux, extracted once for all tests.</summary>
internal static class RealKernel
{
    private static readonly Lazy<byte[]> LazyVmlinux = new(() => BzImage.Parse(KernelPackage.Instance.Vmlinuz).ExtractVmlinux());

    /// <summary>The vmlinux extracted by <see cref="BzImage.ExtractVmlinux()"/>.</summary>
    public static byte[] Vmlinux => LazyVmlinux.Value;
}
