using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Aurae.Serve.Tftp;

/// <summary>
/// One read transfer. It has its own socket, so its own port: the server's transfer ID (RFC 1350 section 4).
/// DATA and ACK go in lock step: the next block is sent only when the last one is acknowledged.
/// </summary>
internal sealed class TftpTransfer : IDisposable
{
    /// <summary>Large enough for any UDP payload, so no datagram is truncated on the way in.</summary>
    private const int ReceiveBufferLength = 65536;

    private readonly Socket socket;
    private readonly IPEndPoint client;
    private readonly TftpRequest request;
    private readonly TftpServerOptions options;
    private readonly Action<string> log;
    private readonly string prefix;
    private readonly byte[] receiveBuffer = new byte[ReceiveBufferLength];
    private readonly IPEndPoint anyEndPoint;
    private TimeSpan retransmitTimeout;

    private TftpTransfer(Socket socket, IPEndPoint client, TftpRequest request, TftpServerOptions options, Action<string> log)
    {
        this.socket = socket;
        this.client = client;
        this.request = request;
        this.options = options;
        this.log = log;
        prefix = $"tftp {client} RRQ {TftpText.Printable(request.Name)}";
        anyEndPoint = new IPEndPoint(client.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        retransmitTimeout = options.RetransmitTimeout;
    }

    /// <summary>Binds a new socket on <paramref name="address"/> (ephemeral port) for a transfer to <paramref name="client"/>.</summary>
    public static TftpTransfer Open(IPAddress address, IPEndPoint client, TftpRequest request, TftpServerOptions options, Action<string> log)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(address, 0));
            return new TftpTransfer(socket, client, request, options, log);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Serves the request to the end and logs how it ended; never throws.</summary>
    public async Task RunAsync(TftpFileResolver files, CancellationToken stop)
    {
        try
        {
            await ServeAsync(files, stop);
        }
        catch (TftpTransferEnded ended)
        {
            log($"{prefix} {ended.Message}");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            log($"{prefix} stopped: the server is shutting down");
        }
        catch (Exception e)
        {
            log($"{prefix} failed: {e.Message}");
        }
    }

    public void Dispose() => socket.Dispose();

    private async Task ServeAsync(TftpFileResolver files, CancellationToken stop)
    {
        var clock = options.Clock;
        var started = clock.GetTimestamp();
        var mode = TftpText.Printable(request.Mode);

        TftpFile? file;
        try
        {
            file = files(request.ResolverName, client);
        }
        catch (Exception e)
        {
            await SendErrorAsync(TftpErrorCode.NotDefined, "cannot look up the file", stop);
            throw new TftpTransferEnded($"({mode}) failed: the file lookup threw {e.GetType().Name}: {e.Message}");
        }
        if (file is null)
        {
            await SendErrorAsync(TftpErrorCode.FileNotFound, "file not found", stop);
            throw new TftpTransferEnded($"({mode}) not found");
        }

        Stream stream;
        try
        {
            stream = file.Open();
        }
        catch (Exception e)
        {
            await SendErrorAsync(e is UnauthorizedAccessException ? TftpErrorCode.AccessViolation : TftpErrorCode.NotDefined, "cannot open the file", stop);
            throw new TftpTransferEnded($"({mode}) failed: opening the file threw {e.GetType().Name}: {e.Message}");
        }

        await using (stream)
        {
            var negotiation = TftpNegotiation.Negotiate(request.Options, file.Length, options.RetransmitTimeout, client.AddressFamily);
            retransmitTimeout = negotiation.RetransmitTimeout;
            var described = negotiation.Acknowledged.Count == 0 ? mode : $"{mode}, {negotiation.Describe()}";
            log($"{prefix} ({described}) → {file.Length} bytes");

            // RFC 2347: with options accepted, the OACK takes the place of the first DATA and is acknowledged as block 0.
            if (negotiation.Acknowledged.Count > 0)
                await ExchangeAsync(TftpPacket.OptionAcknowledgment(negotiation.Acknowledged), 0, stop);

            var sent = await SendBlocksAsync(stream, negotiation.BlockSize, stop);
            var seconds = clock.GetElapsedTime(started).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
            log(sent == file.Length
                ? $"{prefix} sent in {seconds} s"
                : $"{prefix} sent {sent} bytes, not the announced {file.Length}, in {seconds} s");
        }
    }

    /// <summary>Sends the file block by block; returns the number of bytes sent.</summary>
    private async Task<long> SendBlocksAsync(Stream stream, int blockSize, CancellationToken stop)
    {
        var packet = new byte[TftpPacket.BlockHeaderLength + blockSize];
        var payload = packet.AsMemory(TftpPacket.BlockHeaderLength);
        ushort block = 0;
        long sent = 0;
        while (true)
        {
            // RFC 1350 leaves block numbers at 16 bits; files beyond 65535 blocks continue at 0, as
            // tftp-hpa, curl and iPXE expect.
            block = unchecked((ushort)(block + 1));
            int count;
            try
            {
                count = await stream.ReadAtLeastAsync(payload, blockSize, throwOnEndOfStream: false, stop);
            }
            catch (IOException e)
            {
                await SendErrorAsync(TftpErrorCode.NotDefined, "cannot read the file", stop);
                throw new TftpTransferEnded($"failed reading the file after {sent} bytes: {e.Message}");
            }
            TftpPacket.WriteDataHeader(packet, block);
            await ExchangeAsync(packet.AsMemory(0, TftpPacket.BlockHeaderLength + count), block, stop);
            sent += count;

            // RFC 1350 section 2: a block shorter than blksize ends the transfer, so a file whose length is a
            // multiple of blksize ends with an empty block.
            if (count < blockSize)
                return sent;
        }
    }

    /// <summary>Sends <paramref name="packet"/> until the client acknowledges <paramref name="block"/>, or gives up.</summary>
    private async Task ExchangeAsync(ReadOnlyMemory<byte> packet, ushort block, CancellationToken stop)
    {
        for (var attempt = 0; attempt <= options.Retries; attempt++)
        {
            await socket.SendToAsync(packet, SocketFlags.None, client, stop);
            if (await AwaitAcknowledgmentAsync(block, stop))
                return;
        }
        throw new TftpTransferEnded($"gave up after {options.Retries} retries");
    }

    /// <summary>Waits up to the retransmit timeout for the ACK of <paramref name="block"/>; false when it did not come.</summary>
    private async Task<bool> AwaitAcknowledgmentAsync(ushort block, CancellationToken stop)
    {
        var clock = options.Clock;
        var waiting = clock.GetTimestamp();
        while (true)
        {
            // Packets that are not the awaited ACK do not extend the wait: the deadline is fixed when the packet was sent.
            var remaining = retransmitTimeout - clock.GetElapsedTime(waiting);
            if (remaining <= TimeSpan.Zero)
                return false;

            SocketReceiveFromResult received;
            using (var timer = new CancellationTokenSource(remaining, clock))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timer.Token))
            {
                try
                {
                    received = await socket.ReceiveFromAsync(receiveBuffer, SocketFlags.None, anyEndPoint, linked.Token);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    return false;
                }
            }

            var from = (IPEndPoint)received.RemoteEndPoint;
            var length = received.ReceivedBytes;
            var opcode = TftpPacket.ReadOpcode(receiveBuffer.AsSpan(0, length));

            if (!from.Equals(client))
            {
                // RFC 1350 section 4: a packet from a foreign transfer ID gets ERROR 5 and does not disturb the transfer.
                // An ERROR is never answered, so two confused peers cannot loop.
                if (opcode != TftpOpcode.Error)
                    await SendErrorAsync(TftpErrorCode.UnknownTransferId, "unknown transfer ID", stop, from);
                continue;
            }

            switch (opcode)
            {
                case TftpOpcode.Acknowledgment when length >= TftpPacket.BlockHeaderLength:
                    // A duplicate or stale ACK is ignored, not answered with another DATA: resending on duplicate ACKs
                    // doubles every later packet (the Sorcerer's Apprentice bug, RFC 1123 section 4.2.3.1).
                    if (TftpPacket.ReadBlock(receiveBuffer.AsSpan(0, length)) == block)
                        return true;
                    continue;
                case TftpOpcode.Error:
                    throw new TftpTransferEnded($"aborted by the client ({TftpPacket.DescribeError(receiveBuffer.AsSpan(0, length))})");
                default:
                    await SendErrorAsync(TftpErrorCode.IllegalOperation, "illegal TFTP operation", stop);
                    throw new TftpTransferEnded($"ended: the client sent an unexpected packet ({DescribeOpcode(opcode)}, {length} bytes)");
            }
        }
    }

    private static string DescribeOpcode(TftpOpcode? opcode) => opcode is { } known ? $"opcode {(ushort)known}" : "no opcode";

    private async Task SendErrorAsync(TftpErrorCode code, string message, CancellationToken stop, IPEndPoint? to = null) =>
        await socket.SendToAsync(TftpPacket.Error(code, message), SocketFlags.None, to ?? client, stop);
}
