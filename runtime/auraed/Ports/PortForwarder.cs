using System.Net;
using System.Net.Sockets;
using Aurae.Api.Cells.V0;
using Aurae.Daemon.Failures;
using Aurae.Daemon.Logging;
using Aurae.Daemon.Native;
using Microsoft.Win32.SafeHandles;

namespace Aurae.Daemon.Ports;

/// <summary>
/// Published TCP ports of one workload: the daemon listens on each node port and, for every
/// connection, connects to the workload's port on 127.0.0.1 from inside the workload's network
/// namespace (a socket made there, see Native/netns.c), then copies bytes both ways. The cell
/// never gets an interface, a route or a firewall rule on the node: only these connections.
/// Listening starts in <see cref="Bind"/> (before the workload exists, so a taken port fails the
/// start); forwarding starts with <see cref="Forward"/>; everything stops on dispose.
/// </summary>
internal sealed class PortForwarder : IAsyncDisposable
{
    private const int AF_INET = 2;
    private const int SOCK_STREAM = 1;
    private const int O_RDONLY = 0;
    private const int O_CLOEXEC = 0x80000;

    private readonly List<(TcpListener Listener, int Port)> listeners;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> loops = [];
    private SafeFileHandle? netns;
    private string owner = "";

    private PortForwarder(List<(TcpListener, int)> listeners) => this.listeners = listeners;

    /// <summary>Checks the requested ports and listens on the node's; null when none are asked for.</summary>
    public static PortForwarder? Bind(IReadOnlyList<PublishedPort> ports, bool ownNetwork)
    {
        if (ports.Count == 0)
            return null;
        if (!ownNetwork)
            throw Invalid("executable.ports: a port is published into the workload's own network namespace; allocate the cell with isolate_network");
        var seen = new HashSet<uint>();
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i].NodePort is < 1 or > 65535 || ports[i].Port is < 1 or > 65535)
                throw Invalid($"executable.ports[{i}]: ports are 1-65535 (node_port {ports[i].NodePort}, port {ports[i].Port})");
            if (!seen.Add(ports[i].NodePort))
                throw Invalid($"executable.ports[{i}]: node port {ports[i].NodePort} is published twice");
        }
        var bound = new List<(TcpListener, int)>();
        try
        {
            foreach (var port in ports)
            {
                var listener = new TcpListener(IPAddress.Any, (int)port.NodePort);
                try
                {
                    listener.Start();
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    throw new FailureException(FailureKind.AlreadyExists, $"executable.ports: node port {port.NodePort} is already in use on the node");
                }
                bound.Add((listener, (int)port.Port));
            }
        }
        catch
        {
            foreach (var (listener, _) in bound)
                listener.Stop();
            throw;
        }
        return new PortForwarder(bound);
    }

    /// <summary>Starts forwarding into the network namespace of <paramref name="pid"/> (the workload's init).</summary>
    public void Forward(int pid, string name)
    {
        owner = name;
        if (stopping.IsCancellationRequested)
            return; // the workload already ended
        var fd = LibC.open($"/proc/{pid}/ns/net", O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0)
        {
            ConsoleLog.Error("ports", $"{name}: cannot open the network namespace of pid {pid}: {LibC.Describe(LibC.LastError)}; its ports are not forwarded");
            return;
        }
        netns = new SafeFileHandle(fd, ownsHandle: true);
        foreach (var (listener, port) in listeners)
            loops.Add(AcceptAsync(listener, port));
    }

    private async Task AcceptAsync(TcpListener listener, int port)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => ConnectAsync(client, port));
        }
    }

    private async Task ConnectAsync(Socket client, int port)
    {
        using var _ = client;
        using var inside = InsideSocket();
        if (inside is null)
            return;
        try
        {
            await inside.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), stopping.Token);
            await Task.WhenAll(PumpAsync(client, inside), PumpAsync(inside, client));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The workload is not listening (yet), or a side went away: the client sees the close.
        }
    }

    private Socket? InsideSocket()
    {
        if (netns is null || netns.IsClosed)
            return null;
        unsafe
        {
            int error;
            var fd = AuraeNative.aurae_socket_in_netns((int)netns.DangerousGetHandle(), AF_INET, SOCK_STREAM, 0, &error);
            if (fd < 0)
            {
                ConsoleLog.Warn("ports", $"{owner}: cannot make a socket in its network namespace: {LibC.Describe(error)}");
                return null;
            }
            return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        }
    }

    // One direction; at its end, half-close the other side so a request-then-EOF protocol completes.
    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping.Token);
                if (read == 0)
                    break;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stopping.Token);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Reset or stopped: closing both sockets (by the caller) ends the other direction too.
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        foreach (var (listener, _) in listeners)
            listener.Stop();
        await Task.WhenAll(loops);
        netns?.Dispose();
        // stopping is not disposed: connections still winding down may read its token.
    }

    private static FailureException Invalid(string message) => new(FailureKind.InvalidRequest, message);
}
