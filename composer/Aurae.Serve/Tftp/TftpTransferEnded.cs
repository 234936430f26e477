namespace Aurae.Serve.Tftp;

/// <summary>Ends a transfer early; the message completes the transfer's log line ("not found", "gave up after 5 retries").</summary>
internal sealed class TftpTransferEnded(string message) : Exception(message);
