using System.Buffers.Binary;

namespace Aurae.Daemon.Tpm;

/// <summary>
/// The kernel's TPM resource manager, /dev/tpmrm0: one write is one whole command, the next read
/// returns its whole response. The resource manager virtualizes transient handles per open file,
/// so this file stays open as long as any handle from it is in use (the attestation key's is), and
/// the kernel flushes those objects when it closes. tpmrm0 (unlike /dev/tpm0) may be opened by
/// several processes at once and keeps each one's objects apart.
/// </summary>
public sealed class DeviceTpmTransport : ITpmTransport, IAsyncDisposable
{
    public const string ResourceManagerPath = "/dev/tpmrm0";

    /// <summary>TPM_BUFSIZE of the Linux TPM driver: no command or response is longer.</summary>
    private const int MaxResponseSize = 4096;

    private const int ResponseHeaderSize = 10;

    private readonly FileStream _device;
    private readonly SemaphoreSlim _turn = new(1, 1);

    private DeviceTpmTransport(FileStream device) => _device = device;

    /// <summary>
    /// Opens the device for asynchronous reads and writes without a FileStream buffer, so each
    /// WriteAsync is exactly one write(2) — one command. (.NET on Linux runs a non-seekable
    /// file's async read/write as the plain syscall on a thread-pool thread; with a blocking fd the
    /// write returns once the TPM has answered. Commands are few — one at boot, one per quote — so
    /// that is one pool thread for milliseconds, never a wait on a lock or a Task.)
    /// </summary>
    public static DeviceTpmTransport Open(string path = ResourceManagerPath) => new(new FileStream(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.ReadWrite,
        Share = FileShare.ReadWrite,
        Options = FileOptions.Asynchronous,
        BufferSize = 0,
    }));

    public async Task<byte[]> ExecuteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _device.WriteAsync(command, CancellationToken.None).ConfigureAwait(false);
            var response = new byte[MaxResponseSize];
            var length = 0;
            // The driver hands the whole response to the first read; the loop only guards against
            // a short read, reading until the responseSize in the header is in.
            while (length < ResponseHeaderSize || length < ResponseSize(response))
            {
                var read = await _device.ReadAsync(response.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                if (read == 0)
                    throw new IOException($"{ResourceManagerPath} ended the response after {length} bytes");
                length += read;
            }
            return response[..ResponseSize(response)];
        }
        finally
        {
            _turn.Release();
        }
    }

    private static int ResponseSize(byte[] response)
    {
        var size = BinaryPrimitives.ReadUInt32BigEndian(response.AsSpan(2, 4));
        return size is < ResponseHeaderSize or > MaxResponseSize
            ? throw new IOException($"TPM response header gives responseSize {size}")
            : (int)size;
    }

    public async ValueTask DisposeAsync()
    {
        await _device.DisposeAsync().ConfigureAwait(false);
        _turn.Dispose();
    }
}
