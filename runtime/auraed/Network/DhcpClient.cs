using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Network;

/// <summary>
/// The client side of RFC 2131 for one interface: DISCOVER → OFFER → REQUEST → ACK, and
/// REQUEST → ACK to renew. A UDP socket bound to the device sends to the limited broadcast
/// address from 0.0.0.0, which Linux allows before the interface has an address; replies
/// come back broadcast because we set the broadcast flag.
/// </summary>
internal sealed class DhcpClient(string interfaceName, byte[] hardwareAddress)
{
    private const int ClientPort = 68;
    private const int ServerPort = 67;

    // asm-generic/socket.h
    private const int SOL_SOCKET = 1;
    private const int SO_BINDTODEVICE = 25;

    // A leased address with no lease time option is kept this long before asking again.
    private static readonly TimeSpan DefaultLease = TimeSpan.FromHours(1);

    public async Task<DhcpLease> AcquireAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var socket = OpenSocket();
            var xid = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
            var offer = await ExchangeAsync(socket, new DhcpMessage
            {
                Type = DhcpMessageType.Discover,
                TransactionId = xid,
                ClientHardwareAddress = hardwareAddress,
            }, DhcpMessageType.Offer, delay, cancellationToken);
            if (offer?.ServerIdentifier is not null)
            {
                var ack = await ExchangeAsync(socket, new DhcpMessage
                {
                    Type = DhcpMessageType.Request,
                    TransactionId = xid,
                    ClientHardwareAddress = hardwareAddress,
                    RequestedAddress = offer.YourAddress,
                    ServerIdentifier = offer.ServerIdentifier,
                }, DhcpMessageType.Ack, delay, cancellationToken);
                if (ack is not null)
                    return ToLease(ack, offer.ServerIdentifier);
            }

            ConsoleLog.Warn("dhcp", $"{interfaceName}: no lease after attempt {attempt}, retrying");
            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 16));
        }
    }

    /// <summary>Renews (or rebinds: the request is broadcast) the current lease; null when the server said no.</summary>
    public async Task<DhcpLease?> RenewAsync(DhcpLease lease, CancellationToken cancellationToken)
    {
        using var socket = OpenSocket();
        var ack = await ExchangeAsync(socket, new DhcpMessage
        {
            Type = DhcpMessageType.Request,
            TransactionId = (uint)RandomNumberGenerator.GetInt32(int.MaxValue),
            ClientHardwareAddress = hardwareAddress,
            ClientAddress = lease.Configuration.Address,
        }, DhcpMessageType.Ack, TimeSpan.FromSeconds(4), cancellationToken);
        return ack is null ? null : ToLease(ack, lease.Server);
    }

    private Socket OpenSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetRawSocketOption(SOL_SOCKET, SO_BINDTODEVICE, Encoding.ASCII.GetBytes(interfaceName + "\0"));
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, true);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Any, ClientPort));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends the request and waits for a reply of the expected type with our transaction id; null on timeout or NAK.</summary>
    private async Task<DhcpMessage?> ExchangeAsync(Socket socket, DhcpMessage request, DhcpMessageType expected,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        await socket.SendToAsync(request.EncodeRequest(), SocketFlags.None,
            new IPEndPoint(IPAddress.Broadcast, ServerPort), cancellationToken);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var buffer = new byte[1500];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None,
                    new IPEndPoint(IPAddress.Any, 0), deadline.Token);
                var reply = DhcpMessage.DecodeReply(buffer.AsSpan(0, received.ReceivedBytes));
                if (reply is null || reply.TransactionId != request.TransactionId ||
                    !reply.ClientHardwareAddress.AsSpan().SequenceEqual(hardwareAddress))
                    continue;
                if (reply.Type == DhcpMessageType.Nak)
                {
                    ConsoleLog.Warn("dhcp", $"{interfaceName}: server refused the request (NAK)");
                    return null;
                }
                if (reply.Type == expected)
                    return reply;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static DhcpLease ToLease(DhcpMessage ack, IPAddress server)
    {
        var mask = ack.SubnetMask ?? IPAddress.Parse("255.255.255.0");
        var configuration = new Ipv4Configuration(ack.YourAddress, Ipv4Configuration.PrefixLengthOf(mask), ack.Router)
        {
            DnsServers = ack.DnsServers,
            Hostname = ack.Hostname,
        };
        var lease = ack.LeaseTime ?? DefaultLease;
        return new DhcpLease(configuration, ack.ServerIdentifier ?? server, lease, ack.RenewalTime ?? lease / 2);
    }
}
