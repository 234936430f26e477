using System.Net;

namespace Aurae.Daemon.Network;

/// <summary>
/// The kernel's <c>ip=</c> parameter (Documentation/admin-guide/nfs/nfsroot.rst), which
/// overrides the image's network settings so one image can be pointed at a network at boot:
/// <c>ip=&lt;client-ip&gt;:&lt;server-ip&gt;:&lt;gw-ip&gt;:&lt;netmask&gt;:&lt;hostname&gt;:&lt;device&gt;:&lt;autoconf&gt;:…</c>,
/// or just <c>ip=dhcp</c> / <c>ip=off</c>.
/// </summary>
public sealed record KernelIpParameter
{
    public string? Device { get; init; }

    /// <summary>The static address, or null to use DHCP (or nothing, when <see cref="Disabled"/>).</summary>
    public Ipv4Configuration? Static { get; init; }

    public bool Dhcp { get; init; }

    /// <summary><c>ip=off</c> / <c>ip=none</c>: leave the network alone.</summary>
    public bool Disabled { get; init; }

    public string? Hostname { get; init; }

    public static KernelIpParameter Parse(string value)
    {
        var fields = value.Split(':');
        var autoconf = fields.Length == 1 ? fields[0] : Field(fields, 6);
        var isDhcp = autoconf is "dhcp" or "on" or "any" or "bootp" or "both";
        var isOff = autoconf is "off" or "none";
        if (fields.Length == 1)
        {
            if (!isDhcp && !isOff)
                throw new FormatException($"ip={value}: expected dhcp, on, any, off, none or the colon-separated form");
            return new KernelIpParameter { Dhcp = isDhcp, Disabled = isOff };
        }

        var client = Field(fields, 0);
        var gateway = Field(fields, 2);
        var netmask = Field(fields, 3);
        var hostname = Field(fields, 4);
        var device = Field(fields, 5);
        if (client is null)
        {
            return new KernelIpParameter
            {
                Dhcp = !isOff,
                Disabled = isOff,
                Device = device,
                Hostname = hostname,
            };
        }

        var address = ParseIPv4(client, "client-ip", value);
        var mask = netmask is null ? IPAddress.Parse("255.255.255.0") : ParseIPv4(netmask, "netmask", value);
        var dns = new List<IPAddress>();
        foreach (var index in new[] { 7, 8 })
        {
            if (Field(fields, index) is { } server)
                dns.Add(ParseIPv4(server, $"dns{index - 7}-ip", value));
        }
        return new KernelIpParameter
        {
            Device = device,
            Hostname = hostname,
            Static = new Ipv4Configuration(address, Ipv4Configuration.PrefixLengthOf(mask),
                gateway is null ? null : ParseIPv4(gateway, "gw-ip", value)) { DnsServers = dns },
        };
    }

    private static string? Field(string[] fields, int index) =>
        index < fields.Length && fields[index].Length > 0 ? fields[index] : null;

    private static IPAddress ParseIPv4(string text, string field, string value)
    {
        if (IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            return address;
        throw new FormatException($"ip={value}: {field} '{text}' is not an IPv4 address");
    }
}
