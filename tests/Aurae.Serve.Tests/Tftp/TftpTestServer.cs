using System.Collections.Concurrent;
using System.Net;
using Aurae.Serve.Tftp;

namespace Aurae.Serve.Tests.Tftp;

/// <summary>
/// A <see cref="TftpServer"/> on 127.0.0.1 (ephemeral port) serving in-memory files. Its resolver records every
/// name it is asked for and refuses names containing "..", as a real resolver must.
/// </summary>
public sealed class TftpTestServer : IAsyncDisposable
{
    private readonly Dictionary<string, byte[]> files;
    private readonly ConcurrentQueue<string> log = new();
    private readonly ConcurrentQueue<string> requested = new();

    public TftpTestServer(Dictionary<string, byte[]> files, TftpServerOptions? options = null, IPAddress? listen = null)
    {
        this.files = files;
        Server = TftpServer.Start(new IPEndPoint(listen ?? IPAddress.Loopback, 0), Resolve, log.Enqueue, options);
    }

    public TftpServer Server { get; }

    public int Port => Server.LocalEndPoint.Port;

    public IPEndPoint EndPoint => Server.LocalEndPoint;

    /// <summary>Every line the server logged so far.</summary>
    public IReadOnlyList<string> Log => [.. log];

    /// <summary>Every name the resolver was asked for, in order.</summary>
    public IReadOnlyList<string> RequestedNames => [.. requested];

    public string LogText => string.Join('\n', log);

    /// <summary>Waits until a logged line contains <paramref name="text"/>: completion lines come after the client has its last block.</summary>
    public async Task<string> WaitForLogAsync(string text, TimeSpan? within = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var limit = within ?? TimeSpan.FromSeconds(15);
        while (waited.Elapsed < limit)
        {
            var line = log.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
                return line;
            await Task.Delay(20);
        }
        Assert.Fail($"the server never logged \"{text}\"; it logged:\n{LogText}");
        return "";
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private TftpFile? Resolve(string name, IPEndPoint client)
    {
        requested.Enqueue(name);
        if (name.Contains("..", StringComparison.Ordinal) || !files.TryGetValue(name, out var content))
            return null;
        return new TftpFile(content.Length, () => new MemoryStream(content, writable: false));
    }
}
