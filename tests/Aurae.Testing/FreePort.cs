using System.Net;
using System.Net.Sockets;

namespace Aurae.Testing;

/// <summary>A loopback TCP port nobody listens on at the moment of asking (the system's choice for port 0).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
