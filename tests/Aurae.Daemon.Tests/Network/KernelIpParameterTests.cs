using System.Net;
using Aurae.Daemon.Network;

namespace Aurae.Daemon.Tests.Network;

public sealed class KernelIpParameterTests
{
    [Fact]
    public void Full_static_form_gives_address_mask_gateway_device_hostname_and_dns()
    {
        var ip = KernelIpParameter.Parse("10.0.0.5::10.0.0.1:255.255.0.0:edge-1:eth1:off:1.1.1.1:9.9.9.9");

        Assert.False(ip.Dhcp);
        Assert.False(ip.Disabled);
        Assert.Equal("eth1", ip.Device);
        Assert.Equal("edge-1", ip.Hostname);
        Assert.Equal(new Ipv4Configuration(IPAddress.Parse("10.0.0.5"), 16, IPAddress.Parse("10.0.0.1")), ip.Static! with { DnsServers = [] });
        Assert.Equal([IPAddress.Parse("1.1.1.1"), IPAddress.Parse("9.9.9.9")], ip.Static!.DnsServers);
    }

    [Fact]
    public void Missing_netmask_defaults_to_24_bits_and_missing_gateway_to_none()
    {
        var ip = KernelIpParameter.Parse("192.168.1.9:::::eth0:none");
        Assert.Equal(24, ip.Static!.PrefixLength);
        Assert.Null(ip.Static.Gateway);
    }

    [Theory]
    [InlineData("dhcp")]
    [InlineData("on")]
    [InlineData("any")]
    [InlineData(":::::eth0:dhcp")]
    public void Dhcp_forms(string value)
    {
        var ip = KernelIpParameter.Parse(value);
        Assert.True(ip.Dhcp);
        Assert.Null(ip.Static);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("none")]
    public void Off_forms_disable_the_network(string value) => Assert.True(KernelIpParameter.Parse(value).Disabled);

    [Theory]
    [InlineData("bogus", "expected dhcp")]
    [InlineData("10.0.0.300::::::off", "client-ip '10.0.0.300'")]
    [InlineData("10.0.0.5::gateway:::eth0:off", "gw-ip 'gateway'")]
    [InlineData("10.0.0.5:::255.0.255.0::eth0:off", "not contiguous")]
    [InlineData("fe80::1", "")]
    public void Bad_values_are_refused_with_the_field(string value, string message)
    {
        var error = Assert.Throws<FormatException>(() => KernelIpParameter.Parse(value));
        Assert.Contains(message, error.Message);
    }
}
