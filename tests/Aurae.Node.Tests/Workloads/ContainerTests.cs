using Aurae.Api.Cells.V0;
using Aurae.Api.Discovery.V0;
using Aurae.Api.Observe.V0;
using Aurae.Node.Tests.Support;
using Aurae.Testing;
using Aurae.Testing.Images;

namespace Aurae.Node.Tests.Workloads;

/// <summary>
/// Containers on a booted node, from images made by independent tools: umoci's busybox image run
/// with its config and with overrides (its files owned by the container's own root), the fork
/// bomb and the memory hog repeated inside containers, an image refused removal while it runs;
/// and a Debian userland made with mmdebstrap serving HTTP from an isolated cell, fetched with
/// curl on the host through a published port.
/// </summary>
[Collection(WorkloadNodeCollection.Name)]
public sealed class ContainerTests(WorkloadNode node, UmociImage busybox, DebianImage debian)
    : IClassFixture<UmociImage>, IClassFixture<DebianImage>, IDisposable
{
    private readonly OperatorCommandLine _cli = new(node, "containers");

    public void Dispose() => _cli.Dispose();

    private Task<(int Code, string Stdout, string Stderr)> Aurae(params string[] args) => _cli.RunAsync(args);

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(60);

    [Fact]
    public async Task Umocis_busybox_image_runs_with_its_config_and_with_overrides()
    {
        Assert.Equal(0, (await Aurae("image", "push", busybox.OciArchive, "--name", "bb")).Code);
        Assert.Equal(0, (await Aurae("cell", "allocate", "ctr")).Code);

        // The config: entrypoint /bin/sh, cmd -c "echo hi", user 1000:1001, working directory /data.
        var plain = await Aurae("run", "ctr", "--image", "bb", "--name", "plain");
        Assert.Equal((0, "hi\n"), (plain.Code, plain.Stdout));

        // Overridden: as the container's root, which owns the image's files (etc/motd is 0600 root).
        var root = await Aurae("run", "ctr", "--image", "bb", "--name", "as-root", "--uid", "0", "--gid", "0", "--env", "B=2", "--",
            "-c", "id -u; pwd; echo $A$B; cat /etc/motd; stat -c '%u:%g' /etc/motd /private/first; ls /sys/class/net; echo w > /data/new && cat /data/new");
        Assert.True(root.Code == 0, root.Stderr);
        Assert.Equal("0\n/data\n12\nmotd\n0:0\n1000:1000\nlo\nw\n", root.Stdout);

        // As the image's user, the root-only file stays closed.
        var user = await Aurae("run", "ctr", "--image", "bb", "--name", "as-user", "--", "-c", "id -u; cat /etc/motd 2>/dev/null || echo denied");
        Assert.Equal("1000\ndenied\n", user.Stdout);

        // Removal waits for the image's containers; none runs now.
        using var channel = node.OperatorChannel();
        var cells = new CellService.CellServiceClient(channel);
        await cells.StartAsync(new CellServiceStartRequest { CellName = "ctr", Executable = new Executable { Name = "holder", Image = "bb", Argv = { "-c", "sleep 600" } } },
            deadline: Deadline());
        var refused = await Aurae("image", "rm", "bb");
        Assert.Equal(1, refused.Code);
        Assert.Contains("FailedPrecondition", refused.Stderr);
        Assert.Contains("in use by 1 running container", refused.Stderr);
        await cells.FreeAsync(new CellServiceFreeRequest { CellName = "ctr" }, deadline: Deadline());
        for (var attempt = 0; attempt < 20 && (await Aurae("image", "rm", "bb")).Code != 0; attempt++)
            await Task.Delay(250);
        // Other tests' images share the node: only this one must be gone.
        Assert.DoesNotContain("bb ", (await Aurae("image", "ls")).Stdout.Split('\n').Select(l => l.Split(' ')[0] + " "));
    }

    [Fact]
    public async Task Aurae_pod_verbs_run_a_container_and_a_reader_may_not()
    {
        Assert.Equal(0, (await Aurae("image", "push", busybox.OciArchive, "--name", "bb-pod")).Code);
        using var channel = node.OperatorChannel();
        var pods = new Aurae.Api.Pods.V0.PodService.PodServiceClient(channel);
        var allocated = await pods.AllocateAsync(new Aurae.Api.Pods.V0.PodServiceAllocateRequest
        {
            Pod = new Aurae.Api.Pods.V0.Pod { Name = "pod-a", Pids = new PidsController { Max = 16 } },
        }, deadline: Deadline());
        Assert.Equal("pod-a", allocated.PodName);
        var started = await pods.StartAsync(new Aurae.Api.Pods.V0.PodServiceStartRequest
        {
            Name = "pod-a",
            Container = new Aurae.Api.Pods.V0.Container { Name = "hello", Image = "bb-pod" },
        }, deadline: Deadline());
        Assert.True(started.Pid > 1);
        // Its output and status as any executable's: the pod is the cell, the container the executable.
        var run = await RemoteRun.FollowAsync(channel, "pod-a", "hello", TimeSpan.FromMinutes(2));
        Assert.Equal(("hi\n", 0), (run.Stdout, run.Status.ExitCode));

        await pods.StartAsync(new Aurae.Api.Pods.V0.PodServiceStartRequest
        {
            Name = "pod-a",
            Container = new Aurae.Api.Pods.V0.Container { Name = "sleeper", Image = "bb-pod", Argv = { "-c", "sleep 600" } },
        }, deadline: Deadline());
        var stopped = await pods.StopAsync(new Aurae.Api.Pods.V0.PodServiceStopRequest { PodName = "pod-a", ContainerName = "sleeper" }, deadline: Deadline());
        Assert.Equal((ExecutableStatus.Types.State.Signaled, 15), (stopped.Status.State, stopped.Status.Signal));
        await pods.FreeAsync(new Aurae.Api.Pods.V0.PodServiceFreeRequest { PodName = "pod-a" }, deadline: Deadline());

        using var reader = node.ReaderChannel();
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => new Aurae.Api.Pods.V0.PodService.PodServiceClient(reader)
            .AllocateAsync(new Aurae.Api.Pods.V0.PodServiceAllocateRequest { Pod = new Aurae.Api.Pods.V0.Pod { Name = "by-reader" } }, deadline: Deadline()).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, refused.StatusCode);
    }

    [Fact]
    public async Task A_fork_bomb_and_a_memory_hog_in_containers_are_contained()
    {
        Assert.Equal(0, (await Aurae("image", "push", busybox.OciArchive, "--name", "bb-limits")).Code);
        using var channel = node.OperatorChannel();
        var cells = new CellService.CellServiceClient(channel);
        var observe = new ObserveService.ObserveServiceClient(channel);

        await cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = "cbomb", Pids = new PidsController { Max = 50 } } }, deadline: Deadline());
        await cells.StartAsync(new CellServiceStartRequest { CellName = "cbomb", Executable = new Executable
        {
            Name = "bomb", Image = "bb-limits", Uid = 0, Argv = { "-c", "bomb() { bomb | bomb & }; bomb; sleep 600" },
        } }, deadline: Deadline());
        await Task.Delay(TimeSpan.FromSeconds(5));
        var bombed = await observe.GetCellStatsAsync(new GetCellStatsRequest { CellName = "cbomb" }, deadline: Deadline());
        Assert.InRange(bombed.PidsCurrent, 1UL, 50UL);
        Assert.True((await new DiscoveryService.DiscoveryServiceClient(channel).DiscoverAsync(new DiscoverRequest(), deadline: Deadline())).Healthy);
        await cells.FreeAsync(new CellServiceFreeRequest { CellName = "cbomb" }, deadline: Deadline());

        await cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = "csmall", Memory = new MemoryController { Max = 32L << 20 } } }, deadline: Deadline());
        await cells.StartAsync(new CellServiceStartRequest { CellName = "csmall", Executable = new Executable
        {
            Name = "hog", Image = "bb-limits", Entrypoint = { "/bin/busybox" }, Argv = { "dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1" },
        } }, deadline: Deadline());
        var hog = await RemoteRun.FollowAsync(channel, "csmall", "hog", TimeSpan.FromMinutes(2));
        Assert.Equal((ExecutableStatus.Types.State.Signaled, 9), (hog.Status.State, hog.Status.Signal));
        var stats = await observe.GetCellStatsAsync(new GetCellStatsRequest { CellName = "csmall" }, deadline: Deadline());
        Assert.True(stats.OomKills >= 1, $"oom_kills {stats.OomKills}");
        await cells.FreeAsync(new CellServiceFreeRequest { CellName = "csmall" }, deadline: Deadline());
        Assert.True((await new DiscoveryService.DiscoveryServiceClient(channel).DiscoverAsync(new DiscoverRequest(), deadline: Deadline())).Healthy);
    }

    [Fact]
    public async Task A_Debian_userland_serves_http_from_an_isolated_cell_to_curl_on_the_host()
    {
        const int nodePort = 8082;
        var pushed = await Aurae("image", "push", debian.OciArchive, "--name", "debian-web");
        Assert.True(pushed.Code == 0, pushed.Stderr);
        Assert.Equal(0, (await Aurae("cell", "allocate", "web-debian", "--memory-max", "128M", "--pids-max", "32")).Code);

        using var channel = node.OperatorChannel();
        var cells = new CellService.CellServiceClient(channel);
        var release = await Aurae("run", "web-debian", "--image", "debian-web", "--name", "release", "--", "cat", "/etc/os-release");
        Assert.True(release.Code == 0, release.Stderr);
        Assert.Contains("ID=debian", release.Stdout);

        var server = new Executable { Name = "httpd", Image = "debian-web" };
        server.Ports.Add(new PublishedPort { NodePort = nodePort, Port = DebianImage.Port });
        await cells.StartAsync(new CellServiceStartRequest { CellName = "web-debian", Executable = server }, deadline: Deadline());
        var hostPort = FreePort.Next();
        node.Machine.Monitor($"hostfwd_add tcp:127.0.0.1:{hostPort}-10.0.2.15:{nodePort}");
        var body = "";
        for (var attempt = 0; attempt < 60 && body.Length == 0; attempt++)
        {
            var (code, output) = HostCurl.Get($"http://127.0.0.1:{hostPort}/index.html");
            if (code == 0)
                body = output;
            else
                await Task.Delay(500);
        }
        Assert.Equal(DebianImage.Page, body);
        await cells.FreeAsync(new CellServiceFreeRequest { CellName = "web-debian" }, deadline: Deadline());
    }
}
