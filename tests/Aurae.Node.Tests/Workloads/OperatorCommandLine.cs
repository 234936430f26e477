using Aurae.Cli;
using Aurae.Cli.Output;
using Aurae.Contract.Client;

namespace Aurae.Node.Tests.Workloads;

/// <summary>
/// The `aurae` command line as the workload node's operator runs it: a client config naming the
/// node (with the operator's certificate) in a directory of its own, removed on dispose.
/// </summary>
public sealed class OperatorCommandLine : IDisposable
{
    public OperatorCommandLine(WorkloadNode node, string purpose)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory($"aurae-{purpose}-cli-").FullName;
        var pki = new Aurae.Composer.Pki.PkiDirectory(node.PkiDirectory);
        ClientConfigWriter.Write(ConfigPath, new ClientConfig("test", [new ClientContext("test", pki.CaCertificatePath,
            pki.OperatorCertificatePath, pki.OperatorKeyPath, [new NodeTarget(WorkloadNode.NodeName, node.ApiEndpoint)])]));
    }

    /// <summary>A scratch directory for the test's files, beside the config.</summary>
    public string Directory { get; }

    private string ConfigPath => Path.Combine(Directory, "config.yaml");

    /// <summary>Runs `aurae ARGS...` in process: its exit code and what it printed.</summary>
    public async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = await AuraeCommandLine.RunAsync(["--config", ConfigPath, .. args], new CliConsole(stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
