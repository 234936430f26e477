using System.Net;

namespace Aurae.Daemon.Network;

/// <summary>An IPv4 address for one interface, from DHCP, <c>ip=</c> or the manifest.</summary>
public sealed record Ipv4Configuration(IPAddress Address, int PrefixLength, IPAddress? Gateway)
{
    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];

    public string? Hostname { get; init; }

    /// <summary>Parses "10.0.2.15/24".</summary>
    public static Ipv4Configuration FromCidr(string cidr, IPAddress? gateway)
    {
        if (!IPNetwork.TryParse(cidr, out _) || cidr.IndexOf('/') < 0)
            throw new FormatException($"'{cidr}' is not an IPv4 address in CIDR form (like 10.0.2.15/24)");
        var slash = cidr.IndexOf('/');
        var address = IPAddress.Parse(cidr[..slash]);
        var prefix = int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || prefix is < 0 or > 32)
            throw new FormatException($"'{cidr}' is not an IPv4 address in CIDR form (like 10.0.2.15/24)");
        return new Ipv4Configuration(address, prefix, gateway);
    }

    public static int PrefixLengthOf(IPAddress netmask)
    {
        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(netmask.GetAddressBytes());
        var prefix = System.Numerics.BitOperations.PopCount(bits);
        if (bits != (prefix == 0 ? 0 : uint.MaxValue << (32 - prefix)))
            throw new FormatException($"netmask {netmask} is not contiguous");
        return prefix;
    }

    public IPAddress Netmask
    {
        get
        {
            var bits = PrefixLength == 0 ? 0u : uint.MaxValue << (32 - PrefixLength);
            var bytes = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, bits);
            return new IPAddress(bytes);
        }
    }

    public override string ToString() =>
        $"{Address}/{PrefixLength}" + (Gateway is null ? "" : $" via {Gateway}");
}
