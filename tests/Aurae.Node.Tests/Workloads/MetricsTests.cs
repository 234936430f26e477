using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Client;
using Aurae.Composer.Pki;
using Aurae.Contract.Manifest;
using Aurae.Node.Tests.Support;
using Aurae.Testing;

namespace Aurae.Node.Tests.Workloads;

/// <summary>
/// The node's Prometheus metrics, scraped from outside by curl over mutual TLS with the reader's
/// certificate (QEMU's port forward to the node's metrics port), checked by promtool, and holding
/// the cell, workload and API figures of what this test did.
/// </summary>
[Collection(WorkloadNodeCollection.Name)]
public sealed class MetricsTests(WorkloadNode node)
{
    private const string Cell = "metrics-cell";
    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

    [Fact]
    public async Task A_reader_scrapes_figures_promtool_accepts_and_no_certificate_gets_nothing()
    {
        using var channel = node.OperatorChannel();
        await ArtifactUploader.PushAsync(new ArtifactService.ArtifactServiceClient(channel), ArtifactTests.Busybox, "busybox", executable: true);
        var cells = new CellService.CellServiceClient(channel);
        await cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = Cell, Memory = new MemoryController { Max = 64 << 20 } } }, deadline: Deadline());
        var ran = await RemoteRun.RunAsync(channel, Cell, "counted", "/run/aurae/artifacts/names/busybox", "true");
        Assert.Equal(ExecutableStatus.Types.State.Exited, ran.Status.State);

        var hostPort = FreePort.Next();
        node.Machine.Monitor($"hostfwd_add tcp:127.0.0.1:{hostPort}-10.0.2.15:{MetricsPort.Default}");
        var pki = new PkiDirectory(node.PkiDirectory);
        var url = $"https://{node.Name}:{hostPort}/metrics";
        string[] tls = ["--resolve", $"{node.Name}:{hostPort}:127.0.0.1", "--cacert", pki.CaCertificatePath];
        var (code, text) = HostCurl.Get(url, [.. tls, "--fail", "--cert", pki.ClientCertificatePath(WorkloadNode.ReaderName),
            "--key", pki.ClientKeyPath(WorkloadNode.ReaderName)]);
        Assert.True(code == 0, $"curl exited with {code}: {text}");

        var (lint, lintOutput, lintError) = Tool.Run(TestEnvironment.Tool("promtool", "prometheus"), ["check", "metrics"], input: text);
        Assert.True(lint == 0, $"promtool check metrics exited with {lint}: {lintOutput}{lintError}\n{text}");

        Assert.True(Value(text, $"aurae_cell_memory_bytes{{cell=\"{Cell}\"}}") > 0, text);
        Assert.True(Value(text, $"aurae_cell_cpu_seconds_total{{cell=\"{Cell}\"}}") >= 0, text);
        Assert.Equal(0, Value(text, $"aurae_cell_oom_kills_total{{cell=\"{Cell}\"}}"));
        Assert.True(Value(text, "aurae_workloads{kind=\"executable\",state=\"exited\"}") >= 1, text);
        Assert.True(Value(text, "aurae_api_calls_total{method=\"/aurae.cells.v0.CellService/Allocate\",code=\"OK\"}") >= 1, text);
        Assert.True(Value(text, "aurae_node_memory_total_bytes") > 0, text);
        Assert.True(Value(text, "aurae_daemon_resident_bytes") > 0, text);
        // The boot's steps, each after the daemon's start (a wildcard API does not wait for the network).
        var started = Value(text, "aurae_boot_milestone_seconds{milestone=\"daemon_started\"}");
        var network = Value(text, "aurae_boot_milestone_seconds{milestone=\"network_configured\"}");
        var serving = Value(text, "aurae_boot_milestone_seconds{milestone=\"api_serving\"}");
        Assert.True(0 < started && started < network && started < serving, text);

        // No client certificate, no metrics: the handshake itself is refused.
        var (refused, _) = HostCurl.Get(url, [.. tls, "--fail"]);
        Assert.NotEqual(0, refused);

        // The ports stay apart: the metrics port answers no gRPC call, the API port serves no metrics.
        string[] reader = ["--cert", pki.ClientCertificatePath(WorkloadNode.ReaderName), "--key", pki.ClientKeyPath(WorkloadNode.ReaderName),
            "-o", "/dev/null", "-w", "%{http_code}"];
        var (_, grpcOnMetrics) = HostCurl.Get($"https://{node.Name}:{hostPort}/grpc.health.v1.Health/Check",
            [.. tls, .. reader, "--http2", "-X", "POST", "-H", "content-type: application/grpc", "--data-binary", ""]);
        Assert.Equal("404", grpcOnMetrics);
        var api = node.ApiEndpoint.Port;
        var (_, metricsOnApi) = HostCurl.Get($"https://{node.Name}:{api}/metrics",
            ["--resolve", $"{node.Name}:{api}:127.0.0.1", "--cacert", pki.CaCertificatePath, .. reader, "--http2"]);
        Assert.NotEqual("200", metricsOnApi);

        await cells.FreeAsync(new CellServiceFreeRequest { CellName = Cell }, deadline: Deadline());
    }

    /// <summary>The value of the one sample named exactly <paramref name="series"/> (name and labels).</summary>
    private static double Value(string text, string series)
    {
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no sample '{series}' in:\n{text}");
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
