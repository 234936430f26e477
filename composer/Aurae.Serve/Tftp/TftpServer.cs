using System.Net;
using System.Net.Sockets;

namespace Aurae.Serve.Tftp;

/// <summary>
/// A read-only TFTP server (RFC 1350 with RFC 2347 options, RFC 2348 blksize, RFC 2349 tsize and timeout), octet
/// mode only: enough for PXE ROMs to fetch iPXE and its scripts. Requests arrive on one socket; every transfer
/// gets its own socket on the same address. Nothing a client sends makes it throw.
/// </summary>
public sealed class TftpServer : IAsyncDisposable
{
    private readonly Socket listener;
    private readonly TftpFileResolver files;
    private readonly Action<string> log;
    private readonly TftpServerOptions options;
    private readonly CancellationTokenSource stopping = new();
    private readonly HashSet<Task> transfers = [];
    private readonly Lock transfersLock = new();
    private readonly Task listening;

    private TftpServer(Socket listener, TftpFileResolver files, Action<string> log, TftpServerOptions options)
    {
        this.listener = listener;
        this.files = files;
        this.log = log;
        this.options = options;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        listening = ListenAsync(stopping.Token);
    }

    /// <summary>The address and port requests are received on (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Binds <paramref name="listen"/> (port 0 picks a free port) and serves read requests with the files
    /// <paramref name="files"/> resolves, until disposed. <paramref name="log"/> gets one line per request and
    /// one per finished transfer; calls to it are serialized.
    /// </summary>
    public static TftpServer Start(IPEndPoint listen, TftpFileResolver files, Action<string> log, TftpServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(log);
        options ??= new TftpServerOptions();
        options.Validate();

        var socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(listen);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new IOException($"cannot listen for TFTP on udp {listen}: {e.Message}", e);
        }
        var logLock = new Lock();
        return new TftpServer(socket, files, line => { lock (logLock) log(line); }, options);
    }

    /// <summary>Stops receiving requests, ends the running transfers and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
            return;
        await stopping.CancelAsync();
        listener.Dispose();
        await listening;
        Task[] running;
        lock (transfersLock)
            running = [.. transfers];
        await Task.WhenAll(running);
        stopping.Dispose();
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        var buffer = new byte[65536];
        var anyEndPoint = new IPEndPoint(listener.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            SocketReceiveMessageFromResult received;
            try
            {
                // ReceiveMessageFrom also says which local address the request was sent to (IP_PKTINFO).
                received = await listener.ReceiveMessageFromAsync(buffer, SocketFlags.None, anyEndPoint, stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // Linux reports no ICMP errors on an unconnected UDP socket; whatever this is, the next request may still arrive.
                log($"tftp receive failed: {e.Message}");
                continue;
            }

            var client = (IPEndPoint)received.RemoteEndPoint;
            try
            {
                await HandleAsync(buffer.AsMemory(0, received.ReceivedBytes), client, received.PacketInformation.Address, stop);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                log($"tftp {client} request failed: {e.Message}");
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> packet, IPEndPoint client, IPAddress? requestedAt, CancellationToken stop)
    {
        var opcode = TftpPacket.ReadOpcode(packet.Span);
        if (opcode == TftpOpcode.Error)
            return; // RFC 1350 section 7: an ERROR is never acknowledged; a stray one needs no answer.

        if (opcode is not (TftpOpcode.ReadRequest or TftpOpcode.WriteRequest))
        {
            var what = opcode is { } known ? $"opcode {(ushort)known}" : $"a {packet.Length}-byte packet";
            log($"tftp {client} sent {what} to the request port: refused");
            await ReplyAsync(client, TftpErrorCode.IllegalOperation, "illegal TFTP operation", stop);
            return;
        }

        if (!TftpRequest.TryParse(packet.Span, out var request, out var problem))
        {
            log($"tftp {client} sent a malformed request: {problem}");
            await ReplyAsync(client, TftpErrorCode.IllegalOperation, $"malformed request: {problem}", stop);
            return;
        }

        var prefix = $"tftp {client} {(request.Opcode == TftpOpcode.ReadRequest ? "RRQ" : "WRQ")} {TftpText.Printable(request.Name)}";
        if (request.Opcode == TftpOpcode.WriteRequest)
        {
            log($"{prefix} refused: read-only server");
            await ReplyAsync(client, TftpErrorCode.AccessViolation, "read-only server", stop);
            return;
        }
        if (!request.IsOctet)
        {
            var mode = TftpText.Printable(request.Mode);
            if (request.Mode.Equals(TftpRequest.NetasciiMode, StringComparison.OrdinalIgnoreCase))
            {
                log($"{prefix} ({mode}) refused: only octet mode is served");
                await ReplyAsync(client, TftpErrorCode.NotDefined, "only octet mode is served", stop);
            }
            else
            {
                var reason = request.Mode.Equals(TftpRequest.MailMode, StringComparison.OrdinalIgnoreCase) ? "mail mode is not supported" : "unknown transfer mode";
                log($"{prefix} ({mode}) refused: {reason}");
                await ReplyAsync(client, TftpErrorCode.IllegalOperation, reason, stop);
            }
            return;
        }

        int running;
        lock (transfersLock)
        {
            running = transfers.Count;
            if (running < options.MaxConcurrentTransfers)
            {
                var transfer = TftpTransfer.Open(TransferAddress(requestedAt), client, request, options, log);
                var task = RunTransferAsync(transfer, stop);
                transfers.Add(task);
                _ = task.ContinueWith(finished => { lock (transfersLock) transfers.Remove(finished); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return;
            }
        }
        log($"{prefix} refused: {running} transfers are running already");
        await ReplyAsync(client, TftpErrorCode.NotDefined, "server busy, try again later", stop);
    }

    /// <summary>
    /// The address a transfer's socket binds: the listen address, or when listening on all addresses, the one the
    /// request was sent to. PXE ROMs accept DATA only from the address they sent the request to; a socket bound to
    /// 0.0.0.0 would answer from whatever address the route to the client prefers.
    /// </summary>
    private IPAddress TransferAddress(IPAddress? requestedAt)
    {
        var listening = LocalEndPoint.Address;
        var wildcard = listening.Equals(IPAddress.Any) || listening.Equals(IPAddress.IPv6Any);
        var usable = requestedAt is not null && requestedAt.AddressFamily == listening.AddressFamily
            && !requestedAt.Equals(IPAddress.Any) && !requestedAt.Equals(IPAddress.IPv6Any);
        return wildcard && usable ? requestedAt! : listening;
    }

    private async Task RunTransferAsync(TftpTransfer transfer, CancellationToken stop)
    {
        // Off the listening loop: the resolver and the first send must not delay other clients' requests.
        await Task.Yield();
        using (transfer)
            await transfer.RunAsync(files, stop);
    }

    private async Task ReplyAsync(IPEndPoint client, TftpErrorCode code, string message, CancellationToken stop)
    {
        try
        {
            await listener.SendToAsync(TftpPacket.Error(code, message), SocketFlags.None, client, stop);
        }
        catch (SocketException e)
        {
            log($"tftp {client} cannot send error {(ushort)code}: {e.Message}");
        }
    }
}
