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
    public async Task A_push_refused_at_its_header_reports_the_nodes_answer_not_the_write_it_cut_short()
    {
        // 32 MiB: the node answers long before the last chunk could be sent.
        var file = server.ScratchFile(FakeNodeState.RefusedArtifactName);
        await File.WriteAllBytesAsync(file, new byte[32 << 20]);

        var (code, stdout, stderr) = await Aurae("push", file);

        Assert.Equal((1, ""), (code, stdout));
        Assert.Equal($"{FakeNodeServer.NodeName} (127.0.0.1:{server.Port}): PermissionDenied: refused at the header\n", stderr);
    }

    [Fact]
    public async Task Image_push_sends_the_archive_as_an_artifact_imports_it_and_removes_the_artifact()
    {
        var file = server.ScratchFile("web.tar");
        var content = RandomNumberGenerator.GetBytes(4096);
        await File.WriteAllBytesAsync(file, content);

        var (code, stdout, stderr) = await Aurae("image", "push", file);

        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        Assert.Equal("web: oci-archive, 2 layers (1 shared), 3 MiB, config sha256:" + new string('c', 64) + "\n", stdout);
        var (header, received, _) = Assert.Single(server.State.Pushed);
        var artifact = $"image-{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}.tar";
        Assert.Equal((artifact, false), (header.Name, header.Executable));
        Assert.Equal(content, received);
        var import = Assert.Single(server.State.Imported);
        Assert.Equal((artifact, "web"), (import.Artifact, import.Name));
        Assert.Equal([artifact], server.State.Deleted);
    }

    [Fact]
    public async Task Image_ls_and_rm_show_and_remove_images_by_name()
    {
        var file = server.ScratchFile("archive.tar");
        await File.WriteAllBytesAsync(file, [1, 2, 3]);
        Assert.Equal(0, (await Aurae("image", "push", file, "--name", "busybox:1")).Code);

        var (listed, list, _) = await Aurae("image", "ls");
        var (removed, remove, _) = await Aurae("image", "rm", "busybox:1");
        var (missing, _, error) = await Aurae("image", "rm", "busybox:1");

        Assert.Equal(0, listed);
        Assert.Equal(
            "NAME                           SIZE LAYERS SHARED CONFIG\n" +
            "busybox:1                     3 MiB      2      1 sha256:cccccccccccc\n", list);
        Assert.Equal((0, "removed busybox:1\n"), (removed, remove));
        Assert.Equal(1, missing);
        Assert.EndsWith("NotFound: no image named 'busybox:1'\n", error);
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
