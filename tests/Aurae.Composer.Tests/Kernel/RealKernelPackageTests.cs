using System.Buffers.Binary;
using Aurae.Composer.Kernel;
using Aurae.Composer.Tests.Build;
using Aurae.Composer.Tests.Fixtures;
using Aurae.Images.Compression;
using Aurae.Images.Deb;
using Aurae.Images.LinuxKernel;
using Aurae.Testing.Kernels;
using Xunit.Abstractions;

namespace Aurae.Composer.Tests.Kernel;

/// <summary>Each Debian cloud kernel package on the shelf (two releases or more), read as dpkg-deb reads it.</summary>
public sealed class RealKernelPackageTests(ITestOutputHelper output)
{
    // x86 boot protocol (Documentation/arch/x86/boot.rst): the setup header carries the magic
    // "HdrS" at offset 0x202 and the protocol version right after it.
    private const int SetupHeaderMagicOffset = 0x202;
    private const int BootProtocolVersionOffset = 0x206;

    [Theory]
    [MemberData(nameof(KernelReleases.Cloud), MemberType = typeof(KernelReleases))]
    public void Reads_the_release_kernel_image_and_configuration(string release)
    {
        var real = RealKernel.Release(release);
        var package = real.Package;
        output.WriteLine($"KernelPackage.FromDeb({real.Path}) took {real.LoadTime.TotalSeconds:F2} s");

        // The release the package's control file names (dpkg-deb --field), its files' names, and the
        // bzImage header's version string all agree.
        Assert.Equal(real.Deb.Release, package.Release);
        var listing = Shell.Succeed($"dpkg-deb --fsys-tarfile {Shell.Quote(real.Path)} | tar -t").Output;
        Assert.Contains($"./boot/vmlinuz-{package.Release}\n", listing);
        Assert.Contains($"./lib/modules/{package.Release}/modules.builtin\n", listing);
        Assert.Equal(package.Release, BzImage.Parse(package.Vmlinuz).KernelRelease);
        Assert.True(package.Vmlinuz.Length > 1024 * 1024, $"vmlinuz is only {package.Vmlinuz.Length} bytes");
        Assert.Equal("HdrS"u8.ToArray(), package.Vmlinuz.Span.Slice(SetupHeaderMagicOffset, 4).ToArray());
        Assert.True(BinaryPrimitives.ReadUInt16LittleEndian(package.Vmlinuz.Span[BootProtocolVersionOffset..]) >= 0x020C);
        Assert.Contains("\nCONFIG_VIRTIO_NET=m\n", package.Config);
    }

    [Theory]
    [MemberData(nameof(KernelReleases.Cloud), MemberType = typeof(KernelReleases))]
    public void Reads_every_module_as_a_plain_ko(string release)
    {
        var real = RealKernel.Release(release);
        var modules = real.Package.Modules;

        Assert.InRange(modules.Count, 1000, 5000);
        Assert.All(modules.Values, m => Assert.EndsWith(".ko", m.Path));
        Assert.All(modules.Values, m => Assert.Equal(0x7F, m.Content.Span[0]));
        Assert.Equal("kernel/drivers/net/virtio_net.ko", modules["virtio_net"].Path);
        Assert.Equal(["virtio_ring", "virtio", "net_failover"], modules["virtio_net"].Depends);
        Assert.Contains("ext4", real.Package.BuiltinModules);
    }

    [Theory]
    [MemberData(nameof(KernelReleases.Cloud), MemberType = typeof(KernelReleases))]
    public void The_data_archive_is_xz_compressed_and_streams(string release)
    {
        var package = DebPackage.Open(KernelShelf.Default.Get(release).Path);

        var vmlinuz = package.ReadDataEntries().First(e => e.Path.StartsWith("boot/vmlinuz-", StringComparison.Ordinal));

        Assert.Equal("data.tar.xz", package.DataMemberName);
        Assert.Equal(CompressionFormat.Xz, package.DataCompression);
        Assert.True(vmlinuz.Length > 1024 * 1024);
    }
}
