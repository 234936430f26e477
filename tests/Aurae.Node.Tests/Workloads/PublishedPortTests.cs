using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Client;
using Aurae.Node.Tests.Support;
using Aurae.Testing;

namespace Aurae.Node.Tests.Workloads;

/// <summary>
/// A service in a cell with its own network, reachable from outside only through the port the
/// daemon publishes: curl on the host → QEMU's port forward → the node's port → the daemon → the
/// workload's 127.0.0.1 inside its namespace.
/// </summary>
[Collection(WorkloadNodeCollection.Name)]
public sealed class PublishedPortTests(WorkloadNode node)
{
    private const int NodePort = 8081;
    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

    [Fact]
    public async Task Curl_on_the_host_reaches_httpd_in_an_isolated_cell_through_a_published_port()
    {
        using var channel = node.OperatorChannel();
        await ArtifactUploader.PushAsync(new ArtifactService.ArtifactServiceClient(channel), ArtifactTests.Busybox, "busybox", executable: true);
        var cells = new CellService.CellServiceClient(channel);
        await cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = "web", IsolateNetwork = true } }, deadline: Deadline());
        var httpd = new Executable { Name = "httpd" };
        httpd.Argv.AddRange(["/run/aurae/artifacts/names/busybox", "sh", "-c",
            "mkdir /tmp/www && echo served from an isolated cell > /tmp/www/index.html && exec httpd -f -p 127.0.0.1:8000 -h /tmp/www"]);
        httpd.Ports.Add(new PublishedPort { NodePort = NodePort, Port = 8000 });
        await cells.StartAsync(new CellServiceStartRequest { CellName = "web", Executable = httpd }, deadline: Deadline());

        var hostPort = FreePort.Next();
        node.Machine.Monitor($"hostfwd_add tcp:127.0.0.1:{hostPort}-10.0.2.15:{NodePort}");
        string body = "";
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var (code, output) = HostCurl.Get($"http://127.0.0.1:{hostPort}/index.html");
            if (code == 0)
            {
                body = output;
                break;
            }
            await Task.Delay(500);
        }
        Assert.Equal("served from an isolated cell\n", body);

        // The cell itself sees only its loopback: nothing of the node's network.
        var view = await RemoteRun.RunAsync(channel, "web", "links", "/run/aurae/artifacts/names/busybox", "ls", "/sys/class/net");
        Assert.Equal("lo\n", view.Stdout);

        await cells.FreeAsync(new CellServiceFreeRequest { CellName = "web" }, deadline: Deadline());
        // The workload is gone, and so is its port: the connection now finds nobody behind it.
        var (after, _) = HostCurl.Get($"http://127.0.0.1:{hostPort}/index.html");
        Assert.NotEqual(0, after);
    }
}
