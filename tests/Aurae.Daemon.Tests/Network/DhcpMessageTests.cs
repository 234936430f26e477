using System.Buffers.Binary;
using System.Net;
using Aurae.Daemon.Network;

namespace Aurae.Daemon.Tests.Network;

/// <summary>RFC 2131 / 2132 layouts, checked byte by byte.</summary>
public sealed class DhcpMessageTests
{
    private static readonly byte[] Mac = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];

    [Fact]
    public void Discover_has_the_bootp_header_broadcast_flag_cookie_and_options()
    {
        var bytes = new DhcpMessage { Type = DhcpMessageType.Discover, TransactionId = 0xA1B2C3D4, ClientHardwareAddress = Mac }
            .EncodeRequest();

        Assert.True(bytes.Length >= 300, "BOOTP minimum length");
        Assert.Equal([1, 1, 6, 0], bytes[..4]); // op BOOTREQUEST, htype Ethernet, hlen 6, hops
        Assert.Equal(0xA1B2C3D4u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4)));
        Assert.Equal(0x8000, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(10)));
        Assert.Equal(Mac, bytes[28..34]);
        Assert.Equal([99, 130, 83, 99], bytes[236..240]);
        Assert.Equal([53, 1, 1], bytes[240..243]); // message type DISCOVER
        Assert.Equal(55, bytes[243]); // parameter request list follows
    }

    [Fact]
    public void Request_carries_requested_address_and_server_identifier()
    {
        var bytes = new DhcpMessage
        {
            Type = DhcpMessageType.Request,
            TransactionId = 7,
            ClientHardwareAddress = Mac,
            RequestedAddress = IPAddress.Parse("10.0.2.15"),
            ServerIdentifier = IPAddress.Parse("10.0.2.2"),
        }.EncodeRequest();

        Assert.Equal([53, 1, 3, 50, 4, 10, 0, 2, 15, 54, 4, 10, 0, 2, 2], bytes[240..255]);
    }

    [Fact]
    public void Reply_is_decoded_with_every_option_we_use()
    {
        var reply = new byte[300];
        reply[0] = 2; // BOOTREPLY
        reply[2] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(4), 42);
        IPAddress.Parse("10.0.2.15").TryWriteBytes(reply.AsSpan(16), out _);
        Mac.CopyTo(reply, 28);
        byte[] options =
        [
            99, 130, 83, 99,
            53, 1, 5,
            54, 4, 10, 0, 2, 2,
            1, 4, 255, 255, 255, 0,
            3, 4, 10, 0, 2, 2,
            6, 8, 10, 0, 2, 3, 1, 1, 1, 1,
            51, 4, 0, 1, 81, 128,
            0, 0, // padding is skipped
            12, 4, (byte)'n', (byte)'o', (byte)'d', (byte)'e',
            255,
        ];
        options.CopyTo(reply, 236);

        var message = DhcpMessage.DecodeReply(reply)!;

        Assert.Equal(DhcpMessageType.Ack, message.Type);
        Assert.Equal(42u, message.TransactionId);
        Assert.Equal(Mac, message.ClientHardwareAddress);
        Assert.Equal(IPAddress.Parse("10.0.2.15"), message.YourAddress);
        Assert.Equal(IPAddress.Parse("10.0.2.2"), message.ServerIdentifier);
        Assert.Equal(IPAddress.Parse("255.255.255.0"), message.SubnetMask);
        Assert.Equal(IPAddress.Parse("10.0.2.2"), message.Router);
        Assert.Equal([IPAddress.Parse("10.0.2.3"), IPAddress.Parse("1.1.1.1")], message.DnsServers);
        Assert.Equal(TimeSpan.FromSeconds(86400), message.LeaseTime);
        Assert.Equal("node", message.Hostname);
    }

    [Fact]
    public void Malformed_replies_are_ignored_not_thrown()
    {
        Assert.Null(DhcpMessage.DecodeReply(new byte[100]));
        var noCookie = new byte[300];
        noCookie[0] = 2;
        Assert.Null(DhcpMessage.DecodeReply(noCookie));
        var truncatedOption = new byte[244];
        truncatedOption[0] = 2;
        new byte[] { 99, 130, 83, 99, 53, 9, 5 }.CopyTo(truncatedOption, 236);
        Assert.Null(DhcpMessage.DecodeReply(truncatedOption));
    }
}
