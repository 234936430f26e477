using System.Net;
using System.Net.Sockets;
using Aurae.Cli;
using Aurae.Cli.Output;
using Aurae.Client.Tests.FakeNode;
using Aurae.Testing;

namespace Aurae.Client.Tests.Cli;

/// <summary>
/// `node info --wait`: the first call after power-on, against a port that first refuses, then
/// (like QEMU's port forward before the guest listens) accepts and resets, then reaches the node.
/// </summary>
public sealed class NodeInfoWaitTests : IAsyncLifetime
{
    private FakeNodeServer server = null!;

    public async Task InitializeAsync() => server = await FakeNodeServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Wait_retries_through_refused_and_reset_connections_until_the_node_answers()
    {
        int port = FreePort.Next();
        var call = Aurae("-n", $"{FakeNodeServer.NodeName}=127.0.0.1:{port}", "node", "info", "--wait", "60");

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using var forwarder = new ResettingForwarder(port, server.Port);
        await forwarder.WaitForResetsAsync(2);
        forwarder.Forward = true;

        var (code, stdout, stderr) = await call;
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        Assert.Contains("kernel:     6.12.0-test", stdout);
    }

    [Fact]
    public async Task Without_wait_a_reset_connection_fails_at_once_and_says_what_happened()
    {
        int port = FreePort.Next();
        await using var forwarder = new ResettingForwarder(port, server.Port);

        var (code, stdout, stderr) = await Aurae("-n", $"{FakeNodeServer.NodeName}=127.0.0.1:{port}", "node", "info");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal($"{FakeNodeServer.NodeName} (127.0.0.1:{port}): connection reset before TLS began — is auraed up yet on this port?\n", stderr);
    }

    [Fact]
    public async Task Wait_ends_with_the_last_failure_when_the_node_never_listens()
    {
        int port = FreePort.Next();
        var (code, _, stderr) = await Aurae("-n", $"gone=127.0.0.1:{port}", "node", "info", "--wait", "2");
        Assert.Equal(1, code);
        Assert.Equal($"gone (127.0.0.1:{port}): connection refused — is auraed running and listening on this port?\n", stderr);
    }

    [Fact]
    public async Task Wait_does_not_retry_a_node_that_refuses_the_certificate()
    {
        // The node answers as another name than the one asked for: its certificate does not name it.
        var call = Aurae("-n", $"impostor=127.0.0.1:{server.Port}", "node", "info", "--wait", "600");
        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(call, finished);
        var (code, _, stderr) = await call;
        Assert.Equal(1, code);
        Assert.Contains("the node's certificate was refused", stderr);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task Wait_must_be_a_positive_number_of_seconds(string seconds)
    {
        var (code, _, stderr) = await Aurae("node", "info", "--wait", seconds);
        Assert.NotEqual(0, code);
        Assert.Contains("--wait: SECONDS must be at least 1.", stderr);
    }

    private async Task<(int Code, string Stdout, string Stderr)> Aurae(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = await AuraeCommandLine.RunAsync(["--config", server.ConfigPath, .. args], new CliConsole(stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Accepts on a port and resets each connection, until told to forward them to the node.</summary>
    private sealed class ResettingForwarder : IAsyncDisposable
    {
        private readonly TcpListener listener;
        private readonly int target;
        private readonly CancellationTokenSource stop = new();
        private readonly Task accepting;
        private int resets;

        public ResettingForwarder(int port, int target)
        {
            this.target = target;
            listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            accepting = AcceptAsync();
        }

        public volatile bool Forward;

        public async Task WaitForResetsAsync(int count)
        {
            while (Volatile.Read(ref resets) < count)
                await Task.Delay(50, stop.Token);
        }

        private async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptSocketAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (!Forward)
                {
                    client.LingerState = new LingerOption(true, 0);
                    client.Close();
                    Interlocked.Increment(ref resets);
                    continue;
                }
                _ = PumpAsync(client);
            }
        }

        private async Task PumpAsync(Socket client)
        {
            using var node = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await node.ConnectAsync(IPAddress.Loopback, target);
            using var clientStream = new NetworkStream(client, ownsSocket: true);
            using var nodeStream = new NetworkStream(node, ownsSocket: false);
            try
            {
                await Task.WhenAny(clientStream.CopyToAsync(nodeStream, stop.Token), nodeStream.CopyToAsync(clientStream, stop.Token));
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            await accepting;
            stop.Dispose();
        }
    }
}
