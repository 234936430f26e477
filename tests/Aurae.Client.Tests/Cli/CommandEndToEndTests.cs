using System.Security.Cryptography;
using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;
using Aurae.Cli;
using Aurae.Cli.Output;
using Aurae.Client.Tests.FakeNode;
using Google.Protobuf;

namespace Aurae.Client.Tests.Cli;

/// <summary>The `aurae` command against an in-process fake node over mutual TLS.</summary>
public sealed class CommandEndToEndTests : IAsyncLifetime
{
    private FakeNodeServer server = null!;

    public async Task InitializeAsync() => server = await FakeNodeServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Run_starts_the_argv_prints_output_per_channel_and_exits_as_the_program_did()
    {
        server.State.Output.AddRange(
        [
            Chunk(OutputChunk.Types.Channel.Stdout, "hello "),
            Chunk(OutputChunk.Types.Channel.Stderr, "warning\n"),
            Chunk(OutputChunk.Types.Channel.Stdout, "world\n"),
            new OutputChunk { FinalStatus = new ExecutableStatus { State = ExecutableStatus.Types.State.Exited, ExitCode = 3 } },
        ]);
        var (code, stdout, stderr) = await Aurae("run", "web", "--env", "A=1", "--", "/bin/app", "--flag");
        Assert.Equal(3, code);
        Assert.Equal("hello world\n", stdout);
        Assert.Equal("warning\n", stderr);
        var started = Assert.Single(server.State.Started);
        Assert.Equal("web", started.CellName);
        Assert.Equal(["/bin/app", "--flag"], started.Executable.Argv);
        Assert.Equal("1", started.Executable.Environment["A"]);
    }

    [Fact]
    public async Task Run_on_several_nodes_prefixes_lines_and_fails_when_any_node_does()
    {
        server.State.Output.AddRange(
        [
            Chunk(OutputChunk.Types.Channel.Stdout, "line\n"),
            new OutputChunk { FinalStatus = new ExecutableStatus { State = ExecutableStatus.Types.State.Signaled, Signal = 9 } },
        ]);
        var (code, stdout, stderr) = await Aurae("-n", $"{FakeNodeServer.NodeName},{FakeNodeServer.OtherNodeName}=127.0.0.1:{server.Port}",
            "run", "web", "--name", "job", "--", "/bin/app");
        Assert.Equal(137, code);
        Assert.Equal(
            new[] { $"{FakeNodeServer.NodeName}: line", $"{FakeNodeServer.OtherNodeName}: line" }.Order(StringComparer.Ordinal),
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Contains($"{FakeNodeServer.OtherNodeName} (127.0.0.1:{server.Port}): job killed by signal 9", stderr);
        Assert.Equal(2, server.State.Started.Count);
    }

    [Fact]
    public async Task A_grpc_error_names_the_node_the_status_code_and_the_message()
    {
        var (code, stdout, stderr) = await Aurae("run", "missing", "--", "/bin/app");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal($"{FakeNodeServer.NodeName} (127.0.0.1:{server.Port}): NotFound: no cell 'missing'\n", stderr);
    }

    [Fact]
    public async Task Push_streams_1_MiB_chunks_after_the_sha256_and_prints_the_stored_path()
    {
        var file = server.ScratchFile("payload.bin");
        var content = RandomNumberGenerator.GetBytes(2 * 1024 * 1024 + 10);
        await File.WriteAllBytesAsync(file, content);
        var (code, stdout, stderr) = await Aurae("push", file, "--executable");
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        Assert.Equal("/var/lib/aurae/artifacts/payload.bin\n", stdout);
        var (header, received, sizes) = Assert.Single(server.State.Pushed);
        Assert.Equal(("payload.bin", (ulong)content.Length, true), (header.Name, header.Size, header.Executable));
        Assert.Equal(content, received);
        Assert.Equal([1024 * 1024, 1024 * 1024, 10], sizes);
    }

    [Fact]
    public async Task Node_info_json_on_several_nodes_is_keyed_by_node()
    {
        var (code, stdout, _) = await Aurae("--json", "-n", $"{FakeNodeServer.NodeName},{FakeNodeServer.OtherNodeName}=127.0.0.1:{server.Port}", "node", "info");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal("6.12.0-test", json.RootElement.GetProperty(FakeNodeServer.OtherNodeName).GetProperty("node").GetProperty("kernelRelease").GetString());
        Assert.Equal(2, json.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task A_refused_connection_says_so()
    {
        var (code, _, stderr) = await Aurae("-n", "gone=127.0.0.1:1", "node", "info");
        Assert.Equal(1, code);
        Assert.Equal("gone (127.0.0.1:1): connection refused — is auraed running and listening on this port?\n", stderr);
    }

    [Fact]
    public async Task A_node_whose_certificate_does_not_carry_its_name_is_refused()
    {
        var (code, _, stderr) = await Aurae("-n", $"impostor=127.0.0.1:{server.Port}", "node", "info");
        Assert.Equal(1, code);
        Assert.Contains("the node's certificate was refused", stderr);
    }

    private static OutputChunk Chunk(OutputChunk.Types.Channel channel, string text) =>
        new() { Channel = channel, Data = ByteString.CopyFromUtf8(text) };

    private async Task<(int Code, string Stdout, string Stderr)> Aurae(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = await AuraeCommandLine.RunAsync(["--config", server.ConfigPath, .. args], new CliConsole(stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
