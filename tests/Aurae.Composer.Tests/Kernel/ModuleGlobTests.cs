using Aurae.Composer.Kernel;

namespace Aurae.Composer.Tests.Kernel;

public sealed class ModuleGlobTests
{
    [Theory]
    [InlineData("pci:v00001AF4d*sv*sd*bc*sc*i*", "pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00", true)]
    [InlineData("pci:v00001AF4d*sv*sd*bc*sc*i*", "pci:v00008086d0000100Esv00008086sd0000001Ebc02sc00i00", false)]
    [InlineData("acpi*:PNP0501:*", "acpi:PNP0501:", true)]
    [InlineData("dmi*:rn[Pp]roduct?:*", "dmi:bvnX:rnproductZ:", true)]
    [InlineData("usb:v[!0]*", "usb:v0001", false)]
    [InlineData("usb:v[^0]*", "usb:v1001", true)]
    [InlineData("a/*", "a/b/c", true)] // fnmatch without FNM_PATHNAME: '*' spans '/'
    [InlineData("x\\*", "x*", true)]
    [InlineData("x\\*", "xy", false)]
    [InlineData("[unclosed", "[unclosed", true)]
    public void FnMatch_follows_fnmatch_without_flags(string pattern, string text, bool expected) =>
        Assert.Equal(expected, ModuleGlob.FnMatch(pattern).IsMatch(text));

    [Theory]
    [InlineData("kernel/drivers/net/ethernet/**", "kernel/drivers/net/ethernet/intel/ixgbevf/ixgbevf.ko", true)]
    [InlineData("kernel/drivers/net/ethernet/**", "kernel/drivers/net/virtio_net.ko", false)]
    [InlineData("kernel/drivers/net/*.ko", "kernel/drivers/net/virtio_net.ko", true)]
    [InlineData("kernel/drivers/net/*.ko", "kernel/drivers/net/hyperv/hv_netvsc.ko", false)]
    [InlineData("kernel/**/virtio_*.ko", "kernel/drivers/virtio/virtio_pci.ko", true)]
    [InlineData("kernel/**/virtio_net.ko", "kernel/virtio_net.ko", true)]
    [InlineData("kernel/drivers/net/virtio_ne?.ko", "kernel/drivers/net/virtio_net.ko", true)]
    [InlineData("kernel/drivers/net/virtio?net.ko", "kernel/drivers/net/virtio/net.ko", false)]
    [InlineData("kernel/drivers/net/virtio[!x]net.ko", "kernel/drivers/net/virtio/net.ko", false)]
    [InlineData("kernel/drivers/*/virtio_net.ko", "kernel/drivers/net/virtio_net.ko", true)]
    public void Path_globs_keep_single_stars_within_a_directory(string pattern, string path, bool expected) =>
        Assert.Equal(expected, ModuleGlob.Path(pattern).IsMatch(path));
}
