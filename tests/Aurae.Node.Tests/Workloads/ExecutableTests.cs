using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Api.Discovery.V0;
using Aurae.Api.Observe.V0;
using Aurae.Client;
using Grpc.Core;
using Grpc.Net.Client;

namespace Aurae.Node.Tests.Workloads;

/// <summary>Workloads arriving through the API on an empty node: busybox pushed, run in cells, contained.</summary>
[Collection(WorkloadNodeCollection.Name)]
public sealed class ExecutableTests(WorkloadNode node)
{
    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

    // busybox picks its applet from argv[0]'s basename: run it through its name link.
    private static async Task<string> PushBusyboxAsync(GrpcChannel channel)
    {
        await ArtifactUploader.PushAsync(new ArtifactService.ArtifactServiceClient(channel), ArtifactTests.Busybox, "busybox", executable: true);
        return "/run/aurae/artifacts/names/busybox";
    }

    private static Task AllocateAsync(GrpcChannel channel, Cell cell) =>
        new CellService.CellServiceClient(channel).AllocateAsync(new CellServiceAllocateRequest { Cell = cell }, deadline: Deadline()).ResponseAsync;

    [Fact]
    public async Task Pushed_busybox_runs_in_a_cell_with_separate_stdout_stderr_and_the_exit_code()
    {
        using var channel = node.OperatorChannel();
        var busybox = await PushBusyboxAsync(channel);
        await AllocateAsync(channel, new Cell { Name = "hello" });

        var result = await RemoteRun.RunAsync(channel, "hello", "greet", busybox, "sh", "-c", "echo hi; echo err >&2; exit 3");

        Assert.Equal("hi\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.Equal(ExecutableStatus.Types.State.Exited, result.Status.State);
        Assert.Equal(3, result.Status.ExitCode);
        Assert.True(result.Status.Pid > 1);
        await new CellService.CellServiceClient(channel).FreeAsync(new CellServiceFreeRequest { CellName = "hello" }, deadline: Deadline());
    }

    [Fact]
    public async Task A_memory_hog_in_a_32M_cell_is_oom_killed_the_kill_shows_in_stats_and_the_api_keeps_answering()
    {
        using var channel = node.OperatorChannel();
        var busybox = await PushBusyboxAsync(channel);
        await AllocateAsync(channel, new Cell { Name = "small", Memory = new MemoryController { Max = 32L << 20 } });

        // dd reads 64 MiB of zeros into one buffer: it must touch more than the cell may have.
        var result = await RemoteRun.RunAsync(channel, "small", "hog", busybox, "dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1");

        Assert.Equal(ExecutableStatus.Types.State.Signaled, result.Status.State);
        Assert.Equal(9, result.Status.Signal);
        var stats = await new ObserveService.ObserveServiceClient(channel)
            .GetCellStatsAsync(new GetCellStatsRequest { CellName = "small" }, deadline: Deadline());
        Assert.True(stats.OomKills >= 1, $"oom_kills {stats.OomKills}");
        Assert.True((await new DiscoveryService.DiscoveryServiceClient(channel).DiscoverAsync(new DiscoverRequest(), deadline: Deadline())).Healthy);
        await new CellService.CellServiceClient(channel).FreeAsync(new CellServiceFreeRequest { CellName = "small" }, deadline: Deadline());
    }

    [Fact]
    public async Task A_fork_bomb_in_a_cell_with_pids_max_50_is_contained_and_freeing_the_cell_ends_it()
    {
        using var channel = node.OperatorChannel();
        var busybox = await PushBusyboxAsync(channel);
        await AllocateAsync(channel, new Cell { Name = "bomb", Pids = new PidsController { Max = 50 } });
        var start = new Executable { Name = "bomb" };
        start.Argv.AddRange([busybox, "sh", "-c", "bomb() { bomb | bomb & }; bomb; sleep 600"]);
        await new CellService.CellServiceClient(channel).StartAsync(new CellServiceStartRequest { CellName = "bomb", Executable = start }, deadline: Deadline());

        await Task.Delay(TimeSpan.FromSeconds(5));
        var stats = await new ObserveService.ObserveServiceClient(channel)
            .GetCellStatsAsync(new GetCellStatsRequest { CellName = "bomb" }, deadline: Deadline());
        Assert.InRange(stats.PidsCurrent, 1UL, 50UL);
        Assert.True((await new DiscoveryService.DiscoveryServiceClient(channel).DiscoverAsync(new DiscoverRequest(), deadline: Deadline())).Healthy);

        await new CellService.CellServiceClient(channel).FreeAsync(new CellServiceFreeRequest { CellName = "bomb" }, deadline: Deadline());
        var cells = await new CellService.CellServiceClient(channel).ListAsync(new CellServiceListRequest(), deadline: Deadline());
        Assert.DoesNotContain(cells.Cells, c => c.Cell.Name == "bomb");
        // Free returns once the kernel says the group is empty (cgroup.events populated 0).
        var zombies = await CountZombiesAsync(channel, busybox);
        Assert.Equal(0, zombies);
    }

    [Fact]
    public async Task A_thousand_sequential_starts_leave_no_zombie_and_the_daemon_rss_flat()
    {
        using var channel = node.OperatorChannel();
        var busybox = await PushBusyboxAsync(channel);
        await AllocateAsync(channel, new Cell { Name = "churn" });
        for (var i = 0; i < 50; i++)
            await RemoteRun.RunAsync(channel, "churn", $"warm-{i}", busybox, "true");
        var before = await DaemonRssKilobytesAsync(channel, busybox);

        for (var i = 0; i < 1000; i++)
        {
            var result = await RemoteRun.RunAsync(channel, "churn", $"true-{i}", busybox, "true");
            Assert.Equal(0, result.Status.ExitCode);
        }

        var after = await DaemonRssKilobytesAsync(channel, busybox);
        Assert.Equal(0, await CountZombiesAsync(channel, busybox));
        Assert.True(after < before + 16 * 1024, $"daemon RSS grew from {before} kB to {after} kB over 1000 starts");
        await new CellService.CellServiceClient(channel).FreeAsync(new CellServiceFreeRequest { CellName = "churn" }, deadline: Deadline());
    }

    [Fact]
    public async Task Bad_requests_each_get_a_precise_status_and_the_daemon_stays_healthy()
    {
        using var channel = node.OperatorChannel();
        var busybox = await PushBusyboxAsync(channel);
        await AllocateAsync(channel, new Cell { Name = "strict" });
        var cells = new CellService.CellServiceClient(channel);
        await RemoteRun.RunAsync(channel, "strict", "taken", busybox, "true");

        (Executable Executable, string Cell, StatusCode Expected)[] table =
        [
            (Exe("no-cell", busybox, "true"), "never-allocated", StatusCode.NotFound),
            (new Executable { Name = "empty" }, "strict", StatusCode.InvalidArgument),
            (Exe("relative", "busybox", "true"), "strict", StatusCode.InvalidArgument),
            (Exe("missing", "/no/such/program"), "strict", StatusCode.NotFound),
            (Exe("bad/name", busybox, "true"), "strict", StatusCode.InvalidArgument),
            (Exe("", busybox, "true"), "strict", StatusCode.InvalidArgument),
            (Exe("taken", busybox, "true"), "strict", StatusCode.AlreadyExists),
            (Exe("huge", [busybox, .. Enumerable.Repeat("x", 5000)]), "strict", StatusCode.InvalidArgument),
            (Exe("nul", busybox, "echo", "a\0b"), "strict", StatusCode.InvalidArgument),
            (new Executable { Name = "shell", Command = "echo no shell here" }, "strict", StatusCode.FailedPrecondition),
        ];
        foreach (var (executable, cell, expected) in table)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() =>
                cells.StartAsync(new CellServiceStartRequest { CellName = cell, Executable = executable }, deadline: Deadline()).ResponseAsync);
            Assert.True(expected == error.StatusCode, $"{executable.Name}: expected {expected}, got {error.StatusCode}: {error.Status.Detail}");
        }

        var stop = await Assert.ThrowsAsync<RpcException>(() =>
            cells.StopAsync(new CellServiceStopRequest { CellName = "strict", ExecutableName = "never-started" }, deadline: Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, stop.StatusCode);
        Assert.True((await new DiscoveryService.DiscoveryServiceClient(channel).DiscoverAsync(new DiscoverRequest(), deadline: Deadline())).Healthy);
        await cells.FreeAsync(new CellServiceFreeRequest { CellName = "strict" }, deadline: Deadline());
    }

    private static Executable Exe(string name, params string[] argv)
    {
        var executable = new Executable { Name = name };
        executable.Argv.AddRange(argv);
        return executable;
    }

    private static async Task<int> CountZombiesAsync(GrpcChannel channel, string busybox)
    {
        // The node's /proc: a privileged cell's view.
        var cell = $"probe-{Guid.NewGuid():N}"[..14];
        await AllocateAsync(channel, new Cell { Name = cell, Privileged = true });
        var result = await RemoteRun.RunAsync(channel, cell, "zombies", busybox, "sh", "-c",
            "n=0; for s in /proc/[0-9]*/stat; do read -r line < $s 2>/dev/null || continue; set -- ${line##*) }; [ \"$1\" = Z ] && n=$((n+1)); done; echo $n");
        await new CellService.CellServiceClient(channel).FreeAsync(new CellServiceFreeRequest { CellName = cell }, deadline: Deadline());
        return int.Parse(result.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<long> DaemonRssKilobytesAsync(GrpcChannel channel, string busybox)
    {
        var cell = $"rss-{Guid.NewGuid():N}"[..12];
        await AllocateAsync(channel, new Cell { Name = cell, Privileged = true });
        var result = await RemoteRun.RunAsync(channel, cell, "rss", busybox, "awk", "/^VmRSS:/ { print $2 }", "/proc/1/status");
        await new CellService.CellServiceClient(channel).FreeAsync(new CellServiceFreeRequest { CellName = cell }, deadline: Deadline());
        return long.Parse(result.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
