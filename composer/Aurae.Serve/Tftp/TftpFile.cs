namespace Aurae.Serve.Tftp;

/// <summary>
/// A file the TFTP server may send: its length (answered to the RFC 2349 tsize option) and how to open it.
/// <see cref="Open"/> is called once per transfer; the server disposes the stream it returns.
/// </summary>
public sealed record TftpFile(long Length, Func<Stream> Open);
