using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Aurae.Cli;
using Aurae.Cli.Output;
using Aurae.Client.Tests.FakeNode;
using Aurae.CommandLine.Progress;

namespace Aurae.Client.Tests.Cli;

/// <summary>Progress of `aurae push` on a terminal, and none anywhere else.</summary>
public sealed partial class PushProgressTests : IAsyncLifetime
{
    private FakeNodeServer server = null!;

    public async Task InitializeAsync() => server = await FakeNodeServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task On_a_terminal_push_ends_with_the_bytes_the_nodes_and_the_rate()
    {
        var file = server.ScratchFile("payload.bin");
        await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(3 << 20));

        var (code, stdout, stderr) = await Aurae(terminal: true, "-n", $"{FakeNodeServer.NodeName},{FakeNodeServer.OtherNodeName}=127.0.0.1:{server.Port}",
            "push", file);

        Assert.Equal(0, code);
        Assert.Equal(2, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        // Whatever was drawn in place was erased; the summary stays.
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var summary = Assert.Single(lines).Split("\r\u001b[K")[^1];
        Assert.Matches(Summary(), summary);
        Assert.StartsWith("payload.bin: 6 MiB to 2 nodes in ", summary);
    }

    [Fact]
    public async Task On_a_terminal_a_node_s_failure_is_a_line_of_its_own_above_the_status()
    {
        var file = server.ScratchFile("payload.bin");
        await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(1 << 20));

        var (code, _, stderr) = await Aurae(terminal: true, "-n", $"{FakeNodeServer.NodeName},gone=127.0.0.1:1", "push", file);

        Assert.Equal(1, code);
        var failure = Assert.Single(stderr.Split('\n'), line => line.Contains("gone (127.0.0.1:1)", StringComparison.Ordinal));
        // Whatever status was drawn on that row was erased first: the line reads as the failure alone.
        Assert.Equal("gone (127.0.0.1:1): connection refused — is auraed running and listening on this port?", failure.Split("\r\u001b[K")[^1]);
    }

    [Fact]
    public async Task Elsewhere_push_prints_its_results_alone()
    {
        var file = server.ScratchFile("payload.bin");
        await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(3 << 20));
        var (code, _, stderr) = await Aurae(terminal: false, "push", file);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void A_status_line_redraws_in_place_and_is_erased_when_finished()
    {
        var written = new StringWriter();
        // The redrawing thread writes while this one reads.
        var terminal = TextWriter.Synchronized(written);
        var progress = new TransferProgress("busybox", 4 << 20, nodes: 1);
        progress.Add(1 << 20);
        using (var status = new StatusLine(terminal, isTerminal: true, progress.Status))
        {
            SpinWait.SpinUntil(() => { lock (terminal) return written.ToString().Length > 0; }, TimeSpan.FromSeconds(10));
            status.Finish("done");
        }
        var text = written.ToString();
        Assert.StartsWith("\r\u001b[Kbusybox: 1 MiB of 4 MiB, ", text);
        Assert.EndsWith("\r\u001b[Kdone" + Environment.NewLine, text);
    }

    [Fact]
    public void A_status_line_draws_while_the_thread_pool_is_busy()
    {
        // A cold build keeps every pool thread compressing; the status must not wait for one.
        var written = new StringWriter();
        var terminal = TextWriter.Synchronized(written);
        // Not disposed: queued items still wait on it after the test has ended.
        var gate = new ManualResetEventSlim();
        try
        {
            for (int item = 0; item < 64 * Environment.ProcessorCount; item++)
                ThreadPool.UnsafeQueueUserWorkItem(_ => gate.Wait(), null);
            using var status = new StatusLine(terminal, isTerminal: true, () => "compressing");
            var drawn = SpinWait.SpinUntil(() => { lock (terminal) return written.ToString().Length > 0; }, TimeSpan.FromSeconds(2));
            Assert.True(drawn, "nothing was drawn in 2 s while the pool was busy");
        }
        finally
        {
            gate.Set();
        }
    }

    [Fact]
    public void Once_everything_is_sent_the_status_says_the_nodes_are_at_work()
    {
        var progress = new TransferProgress("web", 1 << 20, nodes: 3);
        for (int node = 0; node < 3; node++)
            progress.Add(1 << 20);
        Assert.Equal("web: 3 MiB sent, waiting for 3 nodes", progress.Status());
    }

    [Fact]
    public void Off_a_terminal_a_status_line_writes_nothing()
    {
        var writer = new StringWriter();
        using (var status = new StatusLine(writer, isTerminal: false, () => "text"))
        {
            Thread.Sleep(300);
            status.Finish("summary");
        }
        Assert.Equal("", writer.ToString());
    }

    private async Task<(int Code, string Stdout, string Stderr)> Aurae(bool terminal, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = await AuraeCommandLine.RunAsync(["--config", server.ConfigPath, .. args],
            new CliConsole(stdout, stderr, ErrorIsTerminal: terminal));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [GeneratedRegex(@"^payload\.bin: 6 MiB to 2 nodes in \d+\.\d s, [\d.]+ (B|KiB|MiB|GiB)/s$")]
    private static partial Regex Summary();
}
