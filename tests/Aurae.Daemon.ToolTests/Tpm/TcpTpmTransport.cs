using System.Buffers.Binary;
using System.Net.Sockets;
using Aurae.Daemon.Tpm;

namespace Aurae.Daemon.ToolTests.Tpm;

/// <summary>
/// swtpm's command channel (--server type=tcp): plain TPM 2.0 commands and responses on the
/// stream, with no Microsoft-simulator framing (no TPM_SEND_COMMAND word, locality byte or length
/// prefix; locality and power go over the separate --ctrl channel). swtpm serves one connection at a
/// time, so each command opens its own and closes it: tpm2-tools can then reach the same swtpm
/// between our commands. Transient objects live in swtpm, not in the connection, and survive that.
/// </summary>
public sealed class TcpTpmTransport(int port) : ITpmTransport
{
    private const int ResponseHeaderSize = 10;

    private readonly SemaphoreSlim _turn = new(1, 1);
    private int _commands;

    /// <summary>How many commands went through, so a test can see a read take several.</summary>
    public int Commands => _commands;

    public async Task<byte[]> ExecuteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            _commands++;
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, CancellationToken.None);
            var stream = client.GetStream();
            await stream.WriteAsync(command, CancellationToken.None);
            var header = new byte[ResponseHeaderSize];
            await stream.ReadExactlyAsync(header, CancellationToken.None);
            var response = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
            header.CopyTo(response, 0);
            await stream.ReadExactlyAsync(response.AsMemory(ResponseHeaderSize), CancellationToken.None);
            return response;
        }
        finally
        {
            _turn.Release();
        }
    }
}
