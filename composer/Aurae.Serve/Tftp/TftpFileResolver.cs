using System.Net;

namespace Aurae.Serve.Tftp;

/// <summary>
/// Decides which file a read request gets. <paramref name="name"/> is the name as the client sent it with one
/// leading '/' removed and nothing else changed (it may contain "../"; refusing such names is the resolver's job).
/// Returns null for "file not found" (TFTP error 1). Transfers call it concurrently, each on its own thread.
/// </summary>
public delegate TftpFile? TftpFileResolver(string name, IPEndPoint client);
