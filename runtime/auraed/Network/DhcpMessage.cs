using System.Buffers.Binary;
using System.Net;

namespace Aurae.Daemon.Network;

/// <summary>DHCP message types, option 53 (RFC 2132 §9.6).</summary>
public enum DhcpMessageType : byte
{
    Discover = 1,
    Offer = 2,
    Request = 3,
    Decline = 4,
    Ack = 5,
    Nak = 6,
    Release = 7,
}

/// <summary>
/// A BOOTP/DHCP message (RFC 2131 §2, options RFC 2132): the fixed 236-byte header, the
/// magic cookie, then options. Only what a client needs is modelled.
/// </summary>
public sealed class DhcpMessage
{
    // RFC 2131 §2, figure 1: field offsets in the fixed part.
    private const int OpOffset = 0;
    private const int HtypeOffset = 1;
    private const int HlenOffset = 2;
    private const int XidOffset = 4;
    private const int FlagsOffset = 10;
    private const int CiaddrOffset = 12;
    private const int YiaddrOffset = 16;
    private const int ChaddrOffset = 28;
    private const int CookieOffset = 236;
    private const int OptionsOffset = 240;

    private const byte BOOTREQUEST = 1;
    private const byte BOOTREPLY = 2;
    private const byte HtypeEthernet = 1;
    private const ushort BroadcastFlag = 0x8000;

    // RFC 2131 §3: 99.130.83.99
    private const uint MagicCookie = 0x63825363;

    // RFC 2132 option codes.
    private const byte OptionPad = 0;
    private const byte OptionSubnetMask = 1;
    private const byte OptionRouter = 3;
    private const byte OptionDns = 6;
    private const byte OptionHostname = 12;
    private const byte OptionRequestedAddress = 50;
    private const byte OptionLeaseTime = 51;
    private const byte OptionMessageType = 53;
    private const byte OptionServerIdentifier = 54;
    private const byte OptionParameterRequestList = 55;
    private const byte OptionRenewalTime = 58;
    private const byte OptionEnd = 255;

    // BOOTP's minimum message (RFC 1542 §2.1): some servers drop shorter requests.
    private const int MinimumLength = 300;

    public required DhcpMessageType Type { get; init; }
    public required uint TransactionId { get; init; }
    public required byte[] ClientHardwareAddress { get; init; }
    public IPAddress ClientAddress { get; init; } = IPAddress.Any;
    public IPAddress YourAddress { get; init; } = IPAddress.Any;
    public IPAddress? RequestedAddress { get; init; }
    public IPAddress? ServerIdentifier { get; init; }
    public IPAddress? SubnetMask { get; init; }
    public IPAddress? Router { get; init; }
    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];
    public string? Hostname { get; init; }
    public TimeSpan? LeaseTime { get; init; }
    public TimeSpan? RenewalTime { get; init; }

    /// <summary>Encodes a client request (op BOOTREQUEST, broadcast flag set: we may have no address yet).</summary>
    public byte[] EncodeRequest()
    {
        var buffer = new byte[576];
        buffer[OpOffset] = BOOTREQUEST;
        buffer[HtypeOffset] = HtypeEthernet;
        buffer[HlenOffset] = (byte)ClientHardwareAddress.Length;
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(XidOffset), TransactionId);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(FlagsOffset), BroadcastFlag);
        ClientAddress.TryWriteBytes(buffer.AsSpan(CiaddrOffset, 4), out _);
        ClientHardwareAddress.CopyTo(buffer.AsSpan(ChaddrOffset));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(CookieOffset), MagicCookie);

        var at = OptionsOffset;
        buffer[at++] = OptionMessageType;
        buffer[at++] = 1;
        buffer[at++] = (byte)Type;
        if (RequestedAddress is not null)
            at = WriteAddressOption(buffer, at, OptionRequestedAddress, RequestedAddress);
        if (ServerIdentifier is not null)
            at = WriteAddressOption(buffer, at, OptionServerIdentifier, ServerIdentifier);
        ReadOnlySpan<byte> wanted = [OptionSubnetMask, OptionRouter, OptionDns, OptionHostname, OptionLeaseTime, OptionRenewalTime];
        buffer[at++] = OptionParameterRequestList;
        buffer[at++] = (byte)wanted.Length;
        wanted.CopyTo(buffer.AsSpan(at));
        at += wanted.Length;
        buffer[at++] = OptionEnd;
        return buffer[..Math.Max(at, MinimumLength)];
    }

    /// <summary>Decodes a server reply for this client, or null when it is not a well-formed reply.</summary>
    public static DhcpMessage? DecodeReply(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < OptionsOffset || packet[OpOffset] != BOOTREPLY ||
            BinaryPrimitives.ReadUInt32BigEndian(packet[CookieOffset..]) != MagicCookie)
            return null;
        var hlen = Math.Min((int)packet[HlenOffset], 16);

        DhcpMessageType? type = null;
        IPAddress? serverIdentifier = null, subnetMask = null, router = null;
        var dns = new List<IPAddress>();
        string? hostname = null;
        TimeSpan? lease = null, renewal = null;

        var at = OptionsOffset;
        while (at < packet.Length)
        {
            var code = packet[at++];
            if (code == OptionPad)
                continue;
            if (code == OptionEnd || at >= packet.Length)
                break;
            int length = packet[at++];
            if (at + length > packet.Length)
                return null;
            var value = packet.Slice(at, length);
            at += length;
            switch (code)
            {
                case OptionMessageType when length == 1:
                    type = (DhcpMessageType)value[0];
                    break;
                case OptionServerIdentifier when length == 4:
                    serverIdentifier = new IPAddress(value);
                    break;
                case OptionSubnetMask when length == 4:
                    subnetMask = new IPAddress(value);
                    break;
                case OptionRouter when length >= 4:
                    router = new IPAddress(value[..4]);
                    break;
                case OptionDns:
                    for (var i = 0; i + 4 <= length; i += 4)
                        dns.Add(new IPAddress(value.Slice(i, 4)));
                    break;
                case OptionHostname when length > 0:
                    hostname = System.Text.Encoding.ASCII.GetString(value).TrimEnd('\0');
                    break;
                case OptionLeaseTime when length == 4:
                    lease = TimeSpan.FromSeconds(BinaryPrimitives.ReadUInt32BigEndian(value));
                    break;
                case OptionRenewalTime when length == 4:
                    renewal = TimeSpan.FromSeconds(BinaryPrimitives.ReadUInt32BigEndian(value));
                    break;
            }
        }
        if (type is null)
            return null;

        return new DhcpMessage
        {
            Type = type.Value,
            TransactionId = BinaryPrimitives.ReadUInt32BigEndian(packet[XidOffset..]),
            ClientHardwareAddress = packet.Slice(ChaddrOffset, hlen).ToArray(),
            YourAddress = new IPAddress(packet.Slice(YiaddrOffset, 4)),
            ServerIdentifier = serverIdentifier,
            SubnetMask = subnetMask,
            Router = router,
            DnsServers = dns,
            Hostname = hostname,
            LeaseTime = lease,
            RenewalTime = renewal,
        };
    }

    private static int WriteAddressOption(byte[] buffer, int at, byte code, IPAddress address)
    {
        buffer[at++] = code;
        buffer[at++] = 4;
        address.TryWriteBytes(buffer.AsSpan(at, 4), out _);
        return at + 4;
    }
}
