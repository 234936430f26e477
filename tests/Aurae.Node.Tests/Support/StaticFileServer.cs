using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aurae.Node.Tests.Support;

/// <summary>
/// Serves one directory over HTTP/1.1 on 127.0.0.1 for iPXE (QEMU's guest reaches it as
/// 10.0.2.2). A plain socket server rather than HttpListener, which matches requests by their
/// Host header and so refuses the guest's "10.0.2.2".
/// </summary>
public sealed class StaticFileServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly string _root;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<string> _requests = [];

    public StaticFileServer(string root)
    {
        _root = Path.GetFullPath(root);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>File names requested, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
                return [.. _requests];
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => RespondAsync(client));
        }
    }

    private async Task RespondAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var requestLine = await ReadHeadAsync(stream);
                var parts = requestLine.Split(' ');
                var name = parts.Length >= 2 ? Path.GetFileName(parts[1].Split('?')[0]) : "";
                lock (_requests)
                    _requests.Add(name);
                var path = Path.Combine(_root, name);
                if (parts[0] != "GET" || name.Length == 0 || !File.Exists(path))
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                    return;
                }
                await using var file = File.OpenRead(path);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 200 OK\r\nContent-Length: {file.Length}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"));
                await file.CopyToAsync(stream);
            }
            catch (IOException)
            {
                // The guest went away mid-transfer.
            }
        }
    }

    /// <summary>Reads the request head up to the blank line and returns its first line.</summary>
    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16384)
        {
            if (await stream.ReadAsync(one) == 0)
                break;
            head.Append((char)one[0]);
        }
        var text = head.ToString();
        var end = text.IndexOf("\r\n", StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
