using System.Net;

namespace Aurae.Daemon.Network;

/// <summary>An acknowledged DHCP lease.</summary>
public sealed record DhcpLease(Ipv4Configuration Configuration, IPAddress Server, TimeSpan LeaseTime, TimeSpan RenewalTime);
