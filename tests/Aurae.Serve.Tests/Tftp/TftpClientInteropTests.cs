using Xunit.Abstractions;

namespace Aurae.Serve.Tests.Tftp;

/// <summary>The server against real, independent clients: curl and tftp-hpa, comparing the fetched bytes.</summary>
public sealed class TftpClientInteropTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo downloads = Directory.CreateTempSubdirectory("aurae-tftp-");

    public void Dispose() => downloads.Delete(recursive: true);

    private string Download(string name) => Path.Combine(downloads.FullName, name);

    private void AssertSameBytes(byte[] expected, string path, ClientRun run, TftpTestServer server)
    {
        output.WriteLine($"{run.Command}\n{server.LogText}");
        Assert.True(run.ExitCode == 0, $"{run}\nserver log:\n{server.LogText}");
        Assert.True(File.Exists(path), $"{run.Command} wrote no {path}");
        var fetched = File.ReadAllBytes(path);
        Assert.True(expected.AsSpan().SequenceEqual(fetched), $"{run.Command}: fetched {fetched.Length} bytes, expected {expected.Length}, contents differ");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(513)]
    [InlineData(1432 * 3)]
    public async Task Curl_fetches_the_exact_bytes_with_the_default_block_size(int length)
    {
        var content = TftpTestContent.Bytes(length);
        await using var server = new TftpTestServer(new() { ["file.bin"] = content });

        var run = await TftpCommandLineClient.CurlAsync(server.Port, "file.bin", Download("file.bin"));

        AssertSameBytes(content, Download("file.bin"), run, server);
        await server.WaitForLogAsync($"RRQ file.bin sent in ");
        Assert.Contains(server.Log, line => line.Contains($"RRQ file.bin (octet", StringComparison.Ordinal) && line.EndsWith($"→ {length} bytes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(513)]
    [InlineData(1432 * 3)]
    public async Task Curl_fetches_the_exact_bytes_with_blksize_1432(int length)
    {
        var content = TftpTestContent.Bytes(length);
        await using var server = new TftpTestServer(new() { ["undionly.kpxe"] = content });

        var run = await TftpCommandLineClient.CurlAsync(server.Port, "undionly.kpxe", Download("undionly.kpxe"), "--tftp-blksize", "1432");

        AssertSameBytes(content, Download("undionly.kpxe"), run, server);
        var request = await server.WaitForLogAsync("RRQ undionly.kpxe (");
        Assert.Equal($"tftp 127.0.0.1:", request[..15]);
        Assert.Contains("blksize 1432", request);
        Assert.EndsWith($"→ {length} bytes", request);
        await server.WaitForLogAsync("RRQ undionly.kpxe sent in ");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(513)]
    [InlineData(1432 * 3)]
    public async Task Tftp_hpa_fetches_the_exact_bytes(int length)
    {
        var content = TftpTestContent.Bytes(length);
        await using var server = new TftpTestServer(new() { ["boot.ipxe"] = content });

        var run = await TftpCommandLineClient.TftpAsync(server.Port, "octet", "get", "boot.ipxe", Download("boot.ipxe"));

        AssertSameBytes(content, Download("boot.ipxe"), run, server);
        // tftp-hpa sends no options: the request line shows the mode alone.
        Assert.Contains(server.Log, line => line.EndsWith($"RRQ boot.ipxe (octet) → {length} bytes", StringComparison.Ordinal));
        await server.WaitForLogAsync("RRQ boot.ipxe sent in ");
    }

    [Fact]
    public async Task A_blksize_above_the_ethernet_limit_is_clamped_to_1468()
    {
        var content = TftpTestContent.Bytes(100_000);
        await using var server = new TftpTestServer(new() { ["ipxe.efi"] = content });

        var run = await TftpCommandLineClient.CurlAsync(server.Port, "ipxe.efi", Download("ipxe.efi"), "--tftp-blksize", "8192");

        AssertSameBytes(content, Download("ipxe.efi"), run, server);
        Assert.Contains("blksize 1468,", await server.WaitForLogAsync("RRQ ipxe.efi ("));
    }

    [Fact]
    public async Task A_33_MiB_file_in_512_byte_blocks_survives_block_number_rollover()
    {
        // 33 MiB / 512 = 67584 blocks: the block number passes 65535 and continues at 0.
        var content = TftpTestContent.Bytes(33 * 1024 * 1024, seed: 3);
        await using var server = new TftpTestServer(new() { ["big.img"] = content });

        var run = await TftpCommandLineClient.CurlAsync(server.Port, "big.img", Download("big.img"), "--tftp-blksize", "512");

        AssertSameBytes(content, Download("big.img"), run, server);
        Assert.Contains("blksize 512,", await server.WaitForLogAsync("RRQ big.img ("));
        await server.WaitForLogAsync("RRQ big.img sent in ");
    }

    [Fact]
    public async Task A_33_MiB_file_reaches_tftp_hpa_across_block_number_rollover()
    {
        var content = TftpTestContent.Bytes(33 * 1024 * 1024, seed: 5);
        await using var server = new TftpTestServer(new() { ["big.img"] = content });

        var run = await TftpCommandLineClient.TftpAsync(server.Port, "octet", "get", "big.img", Download("big.img"));

        AssertSameBytes(content, Download("big.img"), run, server);
    }

    [Fact]
    public async Task A_missing_file_fails_curl_and_is_logged_as_not_found()
    {
        await using var server = new TftpTestServer(new() { ["present"] = [1, 2, 3] });

        var run = await TftpCommandLineClient.CurlAsync(server.Port, "missing.bin", Download("missing.bin"));

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains(server.Log, line => line.StartsWith("tftp 127.0.0.1:", StringComparison.Ordinal) && line.EndsWith("RRQ missing.bin (octet) not found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_file_fails_tftp_hpa()
    {
        await using var server = new TftpTestServer(new() { ["present"] = [1, 2, 3] });

        var run = await TftpCommandLineClient.TftpAsync(server.Port, "octet", "get", "missing.bin", Download("missing.bin"));

        // tftp-hpa 5.2 exits with 0 even when the server answers with an error: its output is what shows it.
        Assert.Contains("Error code 1: file not found", run.Output + run.Error);
        Assert.Contains(server.Log, line => line.EndsWith("RRQ missing.bin (octet) not found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dot_dot_names_reach_the_resolver_unchanged_and_it_refuses_them()
    {
        await using var server = new TftpTestServer(new() { ["../secret"] = [1, 2, 3], ["secret"] = [4] });

        var hpa = await TftpCommandLineClient.TftpAsync(server.Port, "octet", "get", "../secret", Download("a"));
        // --path-as-is: curl would otherwise remove the "../" before sending.
        var curl = await TftpCommandLineClient.CurlAsync(server.Port, "../secret", Download("b"), "--path-as-is");

        Assert.Contains("Error code 1: file not found", hpa.Output + hpa.Error);
        Assert.True(curl.ExitCode != 0, curl.ToString());
        Assert.Equal(["../secret", "../secret"], server.RequestedNames);
    }

    [Fact]
    public async Task A_write_request_is_refused_as_read_only()
    {
        await using var server = new TftpTestServer(new() { ["present"] = [1, 2, 3] });
        var upload = Download("upload.bin");
        File.WriteAllBytes(upload, TftpTestContent.Bytes(1000));

        var run = await TftpCommandLineClient.TftpAsync(server.Port, "octet", "put", upload, "upload.bin");

        Assert.Contains("Error code 2: read-only server", run.Output + run.Error);
        Assert.Contains(server.Log, line => line.EndsWith("WRQ upload.bin refused: read-only server", StringComparison.Ordinal));
        Assert.Empty(server.RequestedNames);
    }

    [Fact]
    public async Task Netascii_mode_is_refused_with_a_message()
    {
        await using var server = new TftpTestServer(new() { ["boot.ipxe"] = [1, 2, 3] });

        var run = await TftpCommandLineClient.TftpAsync(server.Port, "netascii", "get", "boot.ipxe", Download("boot.ipxe"));

        Assert.Contains("Error code 0: only octet mode is served", run.Output + run.Error);
        Assert.Contains(server.Log, line => line.EndsWith("RRQ boot.ipxe (netascii) refused: only octet mode is served", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Four_concurrent_downloads_each_get_their_own_file()
    {
        // 8 MiB each: long enough (about a second at 512-byte blocks) that the four transfers overlap.
        var contents = Enumerable.Range(0, 4).Select(i => TftpTestContent.Bytes(8 * 1024 * 1024 + i * 1000, seed: i)).ToArray();
        await using var server = new TftpTestServer(Enumerable.Range(0, 4).ToDictionary(i => $"file{i}", i => contents[i]));

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => i % 2 == 0
            ? TftpCommandLineClient.CurlAsync(server.Port, $"file{i}", Download($"file{i}"), "--tftp-blksize", "1432")
            : TftpCommandLineClient.TftpAsync(server.Port, "octet", "get", $"file{i}", Download($"file{i}"))));

        for (var i = 0; i < 4; i++)
        {
            AssertSameBytes(contents[i], Download($"file{i}"), runs[i], server);
            await server.WaitForLogAsync($"RRQ file{i} sent in ");
        }
        var log = server.Log;
        var firstDone = log.ToList().FindIndex(line => line.Contains(" sent in ", StringComparison.Ordinal));
        Assert.True(log.Take(firstDone).Count(line => line.Contains(" → ", StringComparison.Ordinal)) == 4,
            $"the four transfers did not run at the same time:\n{server.LogText}");
    }
}
