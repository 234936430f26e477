using Aurae.Cli;
using Aurae.Cli.Output;
using Aurae.Testing;

namespace Aurae.Client.Tests.Apply;

/// <summary>`aurae apply` and `aurae diff` refuse what they cannot do before they open a node's config.</summary>
public sealed class ApplyCommandTests : IDisposable
{
    private readonly TemporaryDirectory directory = new("aurae-apply-cli-");

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task A_broken_file_is_reported_before_any_config_or_node_is_read()
    {
        var file = directory.Write("workloads.yaml", "cells:\n  web:\n    containers:\n      a: {image: nowhere}\n");
        foreach (var command in new[] { "apply", "diff" })
        {
            // The config does not exist: reading it first would be the error seen.
            var (code, stdout, stderr) = await Aurae(command, file);
            Assert.Equal(1, code);
            Assert.Equal("", stdout);
            Assert.Equal($"aurae: error: {file}:4:18: field 'cells.web.containers.a.image': image 'nowhere' is not declared under images: (name its archive there)\n", stderr);
        }
    }

    [Theory]
    [InlineData("--json", "--json is not supported")]
    [InlineData("--max-unavailable=0", "--max-unavailable 0: at least 1")]
    public async Task Options_apply_cannot_honour_are_refused(string option, string message)
    {
        var file = directory.Write("workloads.yaml", "cells:\n  web:\n");
        var (code, _, stderr) = await Aurae("apply", file, option);
        Assert.Equal(1, code);
        Assert.Contains(message, stderr);
    }

    private async Task<(int Code, string Stdout, string Stderr)> Aurae(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = await AuraeCommandLine.RunAsync(["--config", directory.Combine("no-config.yaml"), .. args], new CliConsole(stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
