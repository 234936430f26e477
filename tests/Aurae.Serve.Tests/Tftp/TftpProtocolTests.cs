using System.Net;
using System.Text;
using Aurae.Serve.Tftp;

namespace Aurae.Serve.Tests.Tftp;

/// <summary>The server's protocol behaviour, driven packet by packet with <see cref="RawTftpClient"/>.</summary>
public sealed class TftpProtocolTests
{
    private static readonly byte[] ThreeAndABitBlocks = TftpTestContent.Bytes(3 * 512 + 10);

    private static byte[] Join(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    /// <summary>ACKs blocks from <paramref name="first"/> on until the short last block; returns the payloads in order.</summary>
    private static async Task<byte[]> ReceiveRestAsync(RawTftpClient client, IPEndPoint serverTid, ushort first, int blockSize)
    {
        var received = new List<byte>();
        for (var block = first; ; block++)
        {
            var data = await client.ExpectDataAsync(block);
            Assert.Equal(serverTid, data.From);
            received.AddRange(data.Payload);
            await client.AckAsync(block, serverTid);
            if (data.Payload.Length < blockSize)
                return [.. received];
        }
    }

    [Fact]
    public async Task Blksize_tsize_and_timeout_are_acknowledged_and_unknown_options_are_not()
    {
        var content = TftpTestContent.Bytes(5000);
        await using var server = new TftpTestServer(new() { ["undionly.kpxe"] = content });
        using var client = new RawTftpClient();

        await client.SendAsync(RawTftpClient.Request(RawTftpClient.Rrq, "/undionly.kpxe", "OCTET", "blksize", "1432", "multicast", "", "tsize", "0", "timeout", "3"), server.EndPoint);
        var oack = await client.ExpectAsync();

        Assert.True(oack.Opcode == RawTftpClient.Oack, RawTftpClient.Describe(oack));
        Assert.NotEqual(server.Port, oack.From.Port);
        Assert.Equal("blksize\u00001432\u0000tsize\u00005000\u0000timeout\u00003\u0000", Encoding.ASCII.GetString(oack.Bytes.AsSpan(2)));

        await client.AckAsync(0, oack.From);
        var first = await client.ExpectDataAsync(1);
        Assert.Equal(1432, first.Payload.Length);
        await client.AckAsync(1, oack.From);
        var rest = await ReceiveRestAsync(client, oack.From, 2, 1432);

        Assert.Equal(content, Join(first.Payload, rest));
        Assert.Equal(["undionly.kpxe"], server.RequestedNames);
        Assert.Contains(server.Log, line => line.EndsWith("RRQ /undionly.kpxe (OCTET, blksize 1432, tsize, timeout 3) → 5000 bytes", StringComparison.Ordinal));
        await server.WaitForLogAsync("RRQ /undionly.kpxe sent in ");
    }

    [Theory]
    [InlineData("7")]
    [InlineData("65465")]
    [InlineData("large")]
    public async Task An_invalid_blksize_is_not_acknowledged_and_512_is_used(string value)
    {
        await using var server = new TftpTestServer(new() { ["f"] = ThreeAndABitBlocks });
        using var client = new RawTftpClient();

        await client.SendAsync(RawTftpClient.Request(RawTftpClient.Rrq, "f", "octet", "blksize", value), server.EndPoint);
        var data = await client.ExpectDataAsync(1);

        Assert.Equal(512, data.Payload.Length);
    }

    [Fact]
    public async Task A_dropped_ack_causes_exactly_one_retransmission()
    {
        var timeout = TimeSpan.FromSeconds(1);
        await using var server = new TftpTestServer(new() { ["f"] = ThreeAndABitBlocks }, new TftpServerOptions { RetransmitTimeout = timeout });
        using var client = new RawTftpClient();

        await client.SendAsync(RawTftpClient.Request(RawTftpClient.Rrq, "f", "octet"), server.EndPoint);
        var first = await client.ExpectDataAsync(1);
        // The ACK is "lost": one copy of DATA 1 comes again after the timeout (waited for generously:
        // the suite runs beside other tests), then nothing for well under another timeout.
        var again = await client.ReceiveAsync(timeout * 5);
        Assert.True(again is not null, "DATA 1 was not sent again after the timeout");
        Assert.Equal(first.Bytes, again.Bytes);
        Assert.Equal(first.From, again.From);
        var third = await client.ReceiveAsync(timeout / 2);
        Assert.True(third is null, $"a second retransmission came too early: {third}");

        await client.AckAsync(1, first.From);
        var rest = await ReceiveRestAsync(client, first.From, 2, 512);

        Assert.Equal(ThreeAndABitBlocks, Join(first.Payload, rest));
        await server.WaitForLogAsync("RRQ f sent in ");
    }

    [Fact]
    public async Task A_duplicate_ack_causes_no_extra_data()
    {
        await using var server = new TftpTestServer(new() { ["f"] = ThreeAndABitBlocks }, new TftpServerOptions { RetransmitTimeout = TimeSpan.FromSeconds(3) });
        using var client = new RawTftpClient();

        await client.SendAsync(RawTftpClient.Request(RawTftpClient.Rrq, "f", "octet"), server.EndPoint);
        var first = await client.ExpectDataAsync(1);
        await client.AckAsync(1, first.From);
        await client.AckAsync(1, first.From);

        var second = await client.ExpectDataAsync(2);
        var extra = await client.ReceiveAsync(TimeSpan.FromMilliseconds(800));
        Assert.True(extra is null, $"the duplicate ACK 1 was answered: {(extra is null ? "" : RawTftpClient.Describe(extra))}");

        await client.AckAsync(2, first.From);
        var rest = await ReceiveRestAsync(client, first.From, 3, 512);
        Assert.Equal(ThreeAndABitBlocks, Join(first.Payload, second.Payload, rest));
        await server.WaitForLogAsync("RRQ f sent in ");
    }

    [Fact]
    public async Task A_packet_from_a_foreign_port_gets_error_5_and_the_transfer_completes()
    {
        await using var server = new TftpTestServer(new() { ["f"] = ThreeAndABitBlocks });
        using var client = new RawTftpClient();
        using var stranger = new RawTftpClient();

        await client.SendAsync(RawTftpClient.Request(RawTftpClient.Rrq, "f", "octet"), server.EndPoint);
        var first = await client.ExpectDataAsync(1);
        await stranger.AckAsync(1, first.From);

        var message = await stranger.ExpectErrorAsync(5);
        Assert.Equal("unknown transfer ID", message);

        await client.AckAsync(1, first.From);
        var rest = await ReceiveRestAsync(client, first.From, 2, 512);
        Assert.Equal(ThreeAndABitBlocks, Join(first.Payload, rest));
        await server.WaitForLogAsync("RRQ f sent in ");
    }

    [Fact]
    public async Task A_file_of_whole_blocks_ends_with_an_empty_block()
    {
        var content = TftpTestContent.Bytes(1024);
        await using var server = new TftpTestServer(new() { ["f"] = content });
        using var client = new RawTftpClient();

        await client.SendAsync(RawTftpClient.Request(RawTftpClient.Rrq, "f", "octet"), server.EndPoint);
        var first = await client.ExpectDataAsync(1);
        await client.AckAsync(1, first.From);
        var second = await client.ExpectDataAsync(2);
        await client.AckAsync(2, first.From);
        var last = await client.ExpectDataAsync(3);
        await client.AckAsync(3, first.From);

        Assert.Equal(512, second.Payload.Length);
        Assert.Empty(last.Payload);
        Assert.Equal(content, Join(first.Payload, second.Payload));
    }

    [Fact]
    public async Task Without_acks_the_server_gives_up_after_the_configured_retries()
    {
        var options = new TftpServerOptions { RetransmitTimeout = TimeSpan.FromMilliseconds(150), Retries = 2 };
        await using var server = new TftpTestServer(new() { ["f"] = ThreeAndABitBlocks }, options);
        using var client = new RawTftpClient();

        await client.SendAsync(RawTftpClient.Request(RawTftpClient.Rrq, "f", "octet"), server.EndPoint);
        // Until the server gives up (however late a loaded machine makes its timers), then every
        // copy it sent, which the client's socket has kept meanwhile.
        await server.WaitForLogAsync("RRQ f gave up after 2 retries");
        var copies = new List<Datagram>();
        while (await client.ReceiveAsync(TimeSpan.FromMilliseconds(500)) is { } datagram)
            copies.Add(datagram);

        Assert.Equal(3, copies.Count);
        Assert.All(copies, copy => Assert.Equal("DATA 1 (512 bytes)", RawTftpClient.Describe(copy)));
    }

    [Theory]
    [InlineData(new byte[] { 0 }, "a one-byte packet")]
    [InlineData(new byte[] { 0, 1 }, "an RRQ with no fields")]
    [InlineData(new byte[] { 0, 1, (byte)'a', (byte)'b' }, "a filename without its NUL")]
    [InlineData(new byte[] { 0, 1, (byte)'a', 0 }, "no mode")]
    [InlineData(new byte[] { 0, 1, (byte)'a', 0, (byte)'o', (byte)'c', (byte)'t', (byte)'e', (byte)'t' }, "a mode without its NUL")]
    [InlineData(new byte[] { 0, 1, (byte)'a', 0, (byte)'o', (byte)'c', (byte)'t', (byte)'e', (byte)'t', 0, (byte)'x', 0 }, "an option without a value")]
    [InlineData(new byte[] { 0, 9, (byte)'a', 0, (byte)'o', (byte)'c', (byte)'t', (byte)'e', (byte)'t', 0 }, "unknown opcode 9")]
    [InlineData(new byte[] { 0, 4, 0, 1 }, "an ACK to the request port")]
    public async Task Malformed_requests_get_error_4_and_the_server_keeps_serving(byte[] packet, string what)
    {
        await using var server = new TftpTestServer(new() { ["a"] = [42] });
        using var client = new RawTftpClient();

        await client.SendAsync(packet, server.EndPoint);
        var reply = await client.ExpectAsync();
        Assert.True(reply.Opcode == RawTftpClient.Error && reply.Second == 4, $"{what}: got {RawTftpClient.Describe(reply)}");
        Assert.Equal(server.Port, reply.From.Port);
        Assert.Empty(server.RequestedNames);

        await client.SendAsync(RawTftpClient.Request(RawTftpClient.Rrq, "a", "octet"), server.EndPoint);
        var data = await client.ExpectDataAsync(1);
        Assert.Equal(new byte[] { 42 }, data.Payload);
        await client.AckAsync(1, data.From);
    }

    [Theory]
    [InlineData(RawTftpClient.Wrq, "octet", 2, "read-only server")]
    [InlineData(RawTftpClient.Rrq, "netascii", 0, "only octet mode is served")]
    [InlineData(RawTftpClient.Rrq, "NetAscii", 0, "only octet mode is served")]
    [InlineData(RawTftpClient.Rrq, "mail", 4, "mail mode is not supported")]
    [InlineData(RawTftpClient.Rrq, "binary", 4, "unknown transfer mode")]
    public async Task Requests_the_server_does_not_serve_get_the_matching_error(ushort opcode, string mode, ushort code, string message)
    {
        await using var server = new TftpTestServer(new() { ["a"] = [42] });
        using var client = new RawTftpClient();

        await client.SendAsync(RawTftpClient.Request(opcode, "a", mode), server.EndPoint);

        Assert.Equal(message, await client.ExpectErrorAsync(code));
        Assert.Empty(server.RequestedNames);
    }

    [Fact]
    public async Task Requests_beyond_the_concurrency_limit_are_refused_while_the_others_run()
    {
        await using var server = new TftpTestServer(new() { ["f"] = ThreeAndABitBlocks }, new TftpServerOptions { MaxConcurrentTransfers = 1 });
        using var first = new RawTftpClient();
        using var second = new RawTftpClient();

        await first.SendAsync(RawTftpClient.Request(RawTftpClient.Rrq, "f", "octet"), server.EndPoint);
        var data = await first.ExpectDataAsync(1);
        await second.SendAsync(RawTftpClient.Request(RawTftpClient.Rrq, "f", "octet"), server.EndPoint);

        Assert.Equal("server busy, try again later", await second.ExpectErrorAsync(0));
        await first.AckAsync(1, data.From);
        Assert.Equal(ThreeAndABitBlocks, Join(data.Payload, await ReceiveRestAsync(first, data.From, 2, 512)));
    }

    [Fact]
    public async Task A_client_error_ends_the_transfer_and_is_logged()
    {
        await using var server = new TftpTestServer(new() { ["f"] = ThreeAndABitBlocks });
        using var client = new RawTftpClient();

        await client.SendAsync(RawTftpClient.Request(RawTftpClient.Rrq, "f", "octet"), server.EndPoint);
        var data = await client.ExpectDataAsync(1);
        await client.SendAsync([0, 5, 0, 3, .. "disk full\n"u8, 0], data.From);

        await server.WaitForLogAsync("RRQ f aborted by the client (error 3: disk full?)");
        Assert.Null(await client.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Listening_on_all_addresses_a_transfer_answers_from_the_address_the_request_went_to()
    {
        // The one test that listens on 0.0.0.0: only then does the server choose the transfer's address. The request
        // goes to 127.0.0.2, while a reply from an unbound socket would come from 127.0.0.1 (the loopback route's source).
        await using var server = new TftpTestServer(new() { ["f"] = ThreeAndABitBlocks }, listen: IPAddress.Any);
        using var client = new RawTftpClient();

        await client.SendAsync(RawTftpClient.Request(RawTftpClient.Rrq, "f", "octet"), new IPEndPoint(IPAddress.Parse("127.0.0.2"), server.Port));
        var first = await client.ExpectDataAsync(1);

        Assert.Equal(IPAddress.Parse("127.0.0.2"), first.From.Address);
        await client.AckAsync(1, first.From);
        Assert.Equal(ThreeAndABitBlocks, Join(first.Payload, await ReceiveRestAsync(client, first.From, 2, 512)));
    }

    [Fact]
    public async Task Dispose_ends_running_transfers()
    {
        var server = new TftpTestServer(new() { ["f"] = ThreeAndABitBlocks });
        using var client = new RawTftpClient();
        await client.SendAsync(RawTftpClient.Request(RawTftpClient.Rrq, "f", "octet"), server.EndPoint);
        await client.ExpectDataAsync(1);

        var disposing = server.DisposeAsync().AsTask();

        Assert.Same(disposing, await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromSeconds(5))));
        await disposing;
        Assert.Contains(server.Log, line => line.EndsWith("RRQ f stopped: the server is shutting down", StringComparison.Ordinal));
    }
}
