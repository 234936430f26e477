using Aurae.Cli;
using Aurae.Cli.Output;
using Aurae.Contract.Client;
using Aurae.Testing;

namespace Aurae.Node.Tests.Workloads;

/// <summary>The `aurae` command against a booted node, as an operator uses it.</summary>
[Collection(WorkloadNodeCollection.Name)]
public sealed class CommandLineTests(WorkloadNode node) : IDisposable
{
    private readonly string _config = Path.Combine(Directory.CreateTempSubdirectory("aurae-cli-").FullName, "config.yaml");

    [Fact]
    public async Task Push_allocate_and_run_exit_with_the_remote_code_and_fan_out_with_per_node_results()
    {
        // The operator's config, with the node under two names: a fleet of two for the fan-out.
        var endpoint = node.ApiEndpoint;
        var pki = new Aurae.Composer.Pki.PkiDirectory(node.PkiDirectory);
        ClientConfigWriter.Write(_config, new ClientConfig("test", [new ClientContext("test", pki.CaCertificatePath,
            pki.OperatorCertificatePath, pki.OperatorKeyPath, [new NodeTarget(WorkloadNode.NodeName, endpoint)])]));

        Assert.Equal(0, (await Aurae("push", ArtifactTests.Busybox, "--executable")).Code);
        Assert.Equal(0, (await Aurae("cell", "allocate", "cli", "--memory-max", "64M", "--pids-max", "32")).Code);

        var run = await Aurae("run", "cli", "--name", "three", "--", "/run/aurae/artifacts/names/busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Equal(3, run.Code);
        Assert.Equal("out\n", run.Stdout);
        Assert.Equal("err\n", run.Stderr);

        // Per-node results: the node answers, a second target that is down gets its own error.
        var down = $"ghost=127.0.0.1:{FreePort.Next()}";
        var fanOut = await Aurae("-n", $"{WorkloadNode.NodeName},{down}", "node", "info");
        Assert.Equal(1, fanOut.Code);
        var kernelLine = Assert.Single(fanOut.Stdout.Split('\n'), line => line.Contains("kernel:", StringComparison.Ordinal));
        Assert.StartsWith(WorkloadNode.NodeName, kernelLine);
        Assert.Contains("ghost (127.0.0.1:", fanOut.Stderr);
        Assert.Contains("connection refused", fanOut.Stderr);

        var list = await Aurae("--json", "cell", "ls");
        Assert.Equal(0, list.Code);
        Assert.Contains("\"name\": \"cli\"", list.Stdout);
        Assert.Equal(0, (await Aurae("cell", "free", "cli")).Code);
    }

    private async Task<(int Code, string Stdout, string Stderr)> Aurae(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = await AuraeCommandLine.RunAsync(["--config", _config, .. args], new CliConsole(stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_config)!, recursive: true);
}
