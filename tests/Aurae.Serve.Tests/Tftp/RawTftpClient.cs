using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aurae.Serve.Tests.Tftp;

/// <summary>A received datagram and who sent it.</summary>
public sealed record Datagram(byte[] Bytes, IPEndPoint From)
{
    public ushort Opcode => BinaryPrimitives.ReadUInt16BigEndian(Bytes);

    /// <summary>The block number of DATA/ACK, the error code of ERROR.</summary>
    public ushort Second => BinaryPrimitives.ReadUInt16BigEndian(Bytes.AsSpan(2));

    public byte[] Payload => Bytes[4..];

    public override string ToString() => $"{Bytes.Length}-byte packet, opcode {Opcode}, from {From}";
}

/// <summary>
/// A hand-written TFTP client on a UDP socket, written from RFC 1350 independently of the server's code, for the
/// protocol cases real clients never produce: dropped and duplicate ACKs, foreign ports, broken requests.
/// </summary>
public sealed class RawTftpClient : IDisposable
{
    public const ushort Rrq = 1, Wrq = 2, Data = 3, Ack = 4, Error = 5, Oack = 6;

    private readonly UdpClient udp = new(new IPEndPoint(IPAddress.Loopback, 0));

    public void Dispose() => udp.Dispose();

    public Task SendAsync(byte[] packet, IPEndPoint to) => udp.SendAsync(packet, to).AsTask();

    /// <summary>opcode, then each string NUL-terminated.</summary>
    public static byte[] Request(ushort opcode, params string[] fields)
    {
        var bytes = new List<byte> { (byte)(opcode >> 8), (byte)opcode };
        foreach (var field in fields)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes(field));
            bytes.Add(0);
        }
        return [.. bytes];
    }

    public static byte[] AckPacket(ushort block) => [0, (byte)Ack, (byte)(block >> 8), (byte)block];

    public Task AckAsync(ushort block, IPEndPoint to) => SendAsync(AckPacket(block), to);

    /// <summary>The next datagram, or null if none arrives within <paramref name="timeout"/>.</summary>
    public async Task<Datagram?> ReceiveAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var result = await udp.ReceiveAsync(cancel.Token);
            return new Datagram(result.Buffer, result.RemoteEndPoint);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The next datagram; fails the test if none arrives within 5 s.</summary>
    public async Task<Datagram> ExpectAsync(TimeSpan? timeout = null)
    {
        var datagram = await ReceiveAsync(timeout ?? TimeSpan.FromSeconds(5));
        Assert.True(datagram is not null, "the server sent nothing");
        return datagram;
    }

    /// <summary>Expects a DATA packet for <paramref name="block"/> and returns its payload.</summary>
    public async Task<Datagram> ExpectDataAsync(ushort block)
    {
        var datagram = await ExpectAsync();
        Assert.True(datagram.Opcode == Data && datagram.Second == block, $"expected DATA {block}, got {Describe(datagram)}");
        return datagram;
    }

    /// <summary>Expects an ERROR packet with <paramref name="code"/> and returns its message.</summary>
    public async Task<string> ExpectErrorAsync(ushort code)
    {
        var datagram = await ExpectAsync();
        Assert.True(datagram.Opcode == Error && datagram.Second == code, $"expected ERROR {code}, got {Describe(datagram)}");
        Assert.Equal(0, datagram.Bytes[^1]);
        return Encoding.ASCII.GetString(datagram.Bytes.AsSpan(4, datagram.Bytes.Length - 5));
    }

    public static string Describe(Datagram datagram) => datagram.Opcode switch
    {
        Data => $"DATA {datagram.Second} ({datagram.Payload.Length} bytes)",
        Ack => $"ACK {datagram.Second}",
        Error => $"ERROR {datagram.Second} \"{Encoding.ASCII.GetString(datagram.Payload)}\"",
        Oack => $"OACK \"{Encoding.ASCII.GetString(datagram.Bytes.AsSpan(2)).Replace('\0', '|')}\"",
        _ => datagram.ToString(),
    };
}
