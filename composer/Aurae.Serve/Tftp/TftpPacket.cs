using System.Buffers.Binary;
using System.Text;

namespace Aurae.Serve.Tftp;

/// <summary>Reads and writes the fixed fields of TFTP packets (all integers are big-endian, RFC 1350 section 5).</summary>
internal static class TftpPacket
{
    /// <summary>RFC 1350 section 5: opcode (2 bytes) and block number (2 bytes) precede DATA; ACK is exactly this long.</summary>
    public const int BlockHeaderLength = 4;

    /// <summary>RFC 1350 section 5: opcode (2 bytes) and error code (2 bytes) precede the message of an ERROR packet.</summary>
    private const int ErrorHeaderLength = 4;

    /// <summary>RFC 1350 section 5: every packet starts with a 2-byte opcode.</summary>
    public const int OpcodeLength = 2;

    /// <summary>The opcode of <paramref name="packet"/>, or null when it is too short to have one.</summary>
    public static TftpOpcode? ReadOpcode(ReadOnlySpan<byte> packet) =>
        packet.Length < OpcodeLength ? null : (TftpOpcode)BinaryPrimitives.ReadUInt16BigEndian(packet);

    /// <summary>The block number of a DATA or ACK packet (bytes 2-3), or null when the packet is too short.</summary>
    public static ushort? ReadBlock(ReadOnlySpan<byte> packet) =>
        packet.Length < BlockHeaderLength ? null : BinaryPrimitives.ReadUInt16BigEndian(packet[OpcodeLength..]);

    /// <summary>"code N: message" of an ERROR packet, for the log; tolerates a missing terminator.</summary>
    public static string DescribeError(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < ErrorHeaderLength)
            return "a truncated ERROR packet";
        var code = BinaryPrimitives.ReadUInt16BigEndian(packet[OpcodeLength..]);
        var message = packet[ErrorHeaderLength..];
        var end = message.IndexOf((byte)0);
        return $"error {code}: {TftpText.Printable(Encoding.ASCII.GetString(end < 0 ? message : message[..end]))}";
    }

    /// <summary>Writes the DATA header for <paramref name="block"/> into the first four bytes of <paramref name="packet"/>.</summary>
    public static void WriteDataHeader(Span<byte> packet, ushort block)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet, (ushort)TftpOpcode.Data);
        BinaryPrimitives.WriteUInt16BigEndian(packet[OpcodeLength..], block);
    }

    /// <summary>An ERROR packet: opcode, error code, ASCII message, NUL (RFC 1350 section 5).</summary>
    public static byte[] Error(TftpErrorCode code, string message)
    {
        var packet = new byte[ErrorHeaderLength + Encoding.ASCII.GetByteCount(message) + 1];
        BinaryPrimitives.WriteUInt16BigEndian(packet, (ushort)TftpOpcode.Error);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(OpcodeLength), (ushort)code);
        Encoding.ASCII.GetBytes(message, packet.AsSpan(ErrorHeaderLength));
        return packet;
    }

    /// <summary>An OACK packet: opcode, then each option name and value as NUL-terminated ASCII (RFC 2347).</summary>
    public static byte[] OptionAcknowledgment(IReadOnlyList<KeyValuePair<string, string>> options)
    {
        var length = OpcodeLength + options.Sum(o => Encoding.ASCII.GetByteCount(o.Key) + 1 + Encoding.ASCII.GetByteCount(o.Value) + 1);
        var packet = new byte[length];
        BinaryPrimitives.WriteUInt16BigEndian(packet, (ushort)TftpOpcode.OptionAcknowledgment);
        var at = OpcodeLength;
        foreach (var (name, value) in options)
        {
            at += Encoding.ASCII.GetBytes(name, packet.AsSpan(at)) + 1;
            at += Encoding.ASCII.GetBytes(value, packet.AsSpan(at)) + 1;
        }
        return packet;
    }
}
