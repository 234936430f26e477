using System.Buffers.Binary;
using Aurae.Composer.Debian;
using Aurae.Composer.Kernel;
using Aurae.Composer.Tests.Fixtures;
using Xunit.Abstractions;

namespace Aurae.Composer.Tests.Kernel;

[Collection(RealKernelPackageCollection.Name)]
public sealed class RealKernelPackageTests(RealKernelPackage kernel, ITestOutputHelper output)
{
    // x86 boot protocol (Documentation/arch/x86/boot.rst): the setup header carries the magic
    // "HdrS" at offset 0x202 and the protocol version right after it.
    private const int SetupHeaderMagicOffset = 0x202;
    private const int BootProtocolVersionOffset = 0x206;

    [Fact]
    public void Reads_the_release_kernel_image_and_configuration()
    {
        var package = kernel.Package;
        output.WriteLine($"KernelPackage.FromDeb({kernel.Path}) took {kernel.LoadTime.TotalSeconds:F2} s");

        Assert.Equal("6.1.0-56-cloud-amd64", package.Release);
        Assert.True(package.Vmlinuz.Length > 1024 * 1024, $"vmlinuz is only {package.Vmlinuz.Length} bytes");
        Assert.Equal("HdrS"u8.ToArray(), package.Vmlinuz.Span.Slice(SetupHeaderMagicOffset, 4).ToArray());
        Assert.True(BinaryPrimitives.ReadUInt16LittleEndian(package.Vmlinuz.Span[BootProtocolVersionOffset..]) >= 0x020C);
        Assert.Contains("\nCONFIG_VIRTIO_NET=m\n", package.Config);
    }

    [Fact]
    public void Reads_every_module_as_a_plain_ko()
    {
        var modules = kernel.Package.Modules;

        Assert.InRange(modules.Count, 1000, 5000);
        Assert.All(modules.Values, m => Assert.EndsWith(".ko", m.Path));
        Assert.All(modules.Values, m => Assert.Equal(0x7F, m.Content.Span[0]));
        Assert.Equal("kernel/drivers/net/virtio_net.ko", modules["virtio_net"].Path);
        Assert.Equal(["virtio_ring", "virtio", "net_failover"], modules["virtio_net"].Depends);
        Assert.Contains("ext4", kernel.Package.BuiltinModules);
    }

    [Fact]
    public void The_data_archive_is_xz_compressed_and_streams()
    {
        var package = DebPackage.Open(kernel.Path);

        var vmlinuz = package.ReadDataEntries().First(e => e.Path.StartsWith("boot/vmlinuz-", StringComparison.Ordinal));

        Assert.Equal("data.tar.xz", package.DataMemberName);
        Assert.Equal(StreamCompression.Xz, package.DataCompression);
        Assert.True(vmlinuz.Length > 1024 * 1024);
    }
}
