using System.Net;

namespace Aurae.Composer.Configuration;

/// <summary>
/// How the node brings up its network. With <see cref="Dhcp"/> the address comes from DHCP;
/// otherwise <see cref="Address"/> is set and <see cref="Gateway"/> optionally is.
/// </summary>
/// <param name="Interface">The interface to configure; null means the first Ethernet interface.</param>
public sealed record NetworkConfig(string? Interface, bool Dhcp, InterfaceAddress? Address, IPAddress? Gateway)
{
    public static NetworkConfig Default => new(null, true, null, null);
}

/// <summary>A host address with its prefix length, as in 10.0.2.15/24 (not a network: host bits are kept).</summary>
public sealed record InterfaceAddress(IPAddress Address, int PrefixLength)
{
    public override string ToString() => $"{Address}/{PrefixLength}";
}
