namespace Aurae.Daemon.Tpm;

/// <summary>
/// Carries one marshalled TPM 2.0 command to a TPM and brings back its whole response. The daemon's
/// is <see cref="DeviceTpmTransport"/> (/dev/tpmrm0); tests speak to swtpm over TCP.
/// </summary>
public interface ITpmTransport
{
    /// <summary>
    /// Sends <paramref name="command"/> and returns the response. Commands do not overlap: a
    /// second caller waits until the first response is in. Cancellation is honoured only while
    /// waiting for that turn: once a command is at the TPM, its response must be read or the next
    /// caller would read it.
    /// </summary>
    Task<byte[]> ExecuteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken);
}
