using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;
using Aurae.Api.Images.V0;
using Aurae.Testing;
using Aurae.Testing.Images;
using State = Aurae.Api.Cells.V0.ExecutableStatus.Types.State;

namespace Aurae.Node.Tests.Apply;

/// <summary>
/// `aurae apply` and `aurae diff` on two booted nodes at once, as an operator uses them through a
/// fleet's life: the first apply, a second that changes nothing, one container edited, pruning,
/// a node down during a rolling change, and a broken file that touches nothing.
/// </summary>
public sealed class ApplyTests(ApplyFleet fleet, UmociImage busybox) : IClassFixture<ApplyFleet>, IClassFixture<UmociImage>, IDisposable
{
    private static readonly string[] BothNodes = [ApplyFleet.First, ApplyFleet.Second];
    private readonly TemporaryDirectory _files = new("aurae-apply-test-");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Apply_converges_two_nodes_then_changes_only_what_the_file_changes()
    {
        var both = string.Join(',', BothNodes);
        var file = Workloads(greeting: "1", withCrasher: true);

        // The first apply: everything is added, on both nodes.
        var diff = await Aurae("diff", file, "-n", both);
        Assert.True(diff.Code == 1, Show(diff));
        Assert.Contains($"{ApplyFleet.Second}: + container web/httpd", diff.Stdout);
        var first = await Aurae("apply", file, "-n", both);
        Assert.True(first.Code == 0, Show(first));
        foreach (var node in BothNodes)
        {
            foreach (var line in new[] { "+ artifact busybox", "+ image bb", "+ cell web", "+ container web/httpd", "+ executable web/ticker", "+ executable web/crasher" })
                Assert.Contains($"{node}: {line}\n", first.Stdout);
            Assert.Contains($"{node}: 6 changes applied: 6 added\n", first.Stdout);
            var httpd = await StatusAsync(node, "httpd");
            Assert.Equal(State.Running, httpd.State);
            Assert.StartsWith("sha256:", httpd.ImageDigest);
            Assert.Equal(RestartPolicy.Always, httpd.Spec.Restart);
            Assert.Equal(State.Running, (await StatusAsync(node, "ticker")).State);
        }

        // Again: nothing to do, and diff agrees. The crasher restarts under its policy meanwhile (a node's daemon
        // supervising it), which is not a difference.
        var again = await Aurae("apply", file, "-n", both);
        Assert.True(again.Code == 0, Show(again));
        Assert.Equal(BothNodes.Select(node => $"{node}: no changes: already as declared").Order(), Lines(again.Stdout).Order());
        var crasher = await UntilAsync(ApplyFleet.First, "crasher", status => status.Restarts >= 2);
        Assert.Equal(RestartPolicy.OnFailure, crasher.Spec.Restart);
        var unchanged = await Aurae("diff", file, "-n", both);
        Assert.True(unchanged.Code == 0, Show(unchanged));

        // One container edited: it alone is replaced, on both nodes (its node port passes from the old run to the new).
        var tickerBefore = await StatusAsync(ApplyFleet.First, "ticker");
        var httpdBefore = await StatusAsync(ApplyFleet.First, "httpd");
        file = Workloads(greeting: "2", withCrasher: true);
        diff = await Aurae("diff", file, "-n", both);
        Assert.True(diff.Code == 1, Show(diff));
        Assert.Equal(BothNodes.SelectMany(node => new[] { $"{node}: ~ container web/httpd (env)", $"{node}: 1 change: 1 to replace" }).Order(),
            Lines(diff.Stdout).Order());
        var edited = await Aurae("apply", file, "-n", both);
        Assert.True(edited.Code == 0, Show(edited));
        Assert.Contains($"{ApplyFleet.First}: 1 change applied: 1 replaced", edited.Stdout);
        var httpdAfter = await StatusAsync(ApplyFleet.First, "httpd");
        Assert.Equal("2", httpdAfter.Spec.Environment["GREETING"]);
        Assert.NotEqual(httpdBefore.StartedAtMs, httpdAfter.StartedAtMs);
        Assert.Equal(tickerBefore.StartedAtMs, (await StatusAsync(ApplyFleet.First, "ticker")).StartedAtMs);

        // What the file no longer names stays, unless pruned: a cell made by hand and the dropped crasher.
        using (var channel = fleet.OperatorChannel(ApplyFleet.First))
            await new CellService.CellServiceClient(channel).AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = "stray" } },
                deadline: Deadline());
        file = Workloads(greeting: "2", withCrasher: false);
        Assert.Equal(0, (await Aurae("diff", file, "-n", both)).Code);
        var pruned = await Aurae("apply", file, "-n", both, "--prune");
        Assert.True(pruned.Code == 0, Show(pruned));
        Assert.Contains($"{ApplyFleet.First}: - cell stray\n", pruned.Stdout);
        Assert.DoesNotContain($"{ApplyFleet.Second}: - cell stray", pruned.Stdout);
        foreach (var node in BothNodes)
            Assert.Contains($"{node}: - executable web/crasher\n", pruned.Stdout);
        Assert.Equal(0, (await Aurae("diff", file, "-n", both, "--prune")).Code);

        // A rolling change with a node down between the two: the first converges, the rollout stops there.
        var down = $"apply-down=127.0.0.1:{FreePort.Next()}";
        file = Workloads(greeting: "3", withCrasher: false);
        var rolling = await Aurae("apply", file, "-n", $"{ApplyFleet.First},{down},{ApplyFleet.Second}", "--max-unavailable", "1");
        Assert.True(rolling.Code == 1, Show(rolling));
        Assert.Contains($"{ApplyFleet.First}: 1 change applied: 1 replaced", rolling.Stdout);
        Assert.Contains("apply-down (127.0.0.1:", rolling.Stderr);
        Assert.Contains("connection refused", rolling.Stderr);
        Assert.Contains($"{ApplyFleet.Second} (127.0.0.1:{fleet.Endpoints[ApplyFleet.Second].Port}): not changed: the rollout stopped after apply-down failed",
            rolling.Stderr);
        Assert.Equal("2", (await StatusAsync(ApplyFleet.Second, "httpd")).Spec.Environment["GREETING"]);

        // All at once, the node down stops no other; the exit code still says not every node converged.
        var allAtOnce = await Aurae("apply", file, "-n", $"{ApplyFleet.First},{down},{ApplyFleet.Second}");
        Assert.True(allAtOnce.Code == 1, Show(allAtOnce));
        Assert.Contains($"{ApplyFleet.First}: no changes: already as declared", allAtOnce.Stdout);
        Assert.Contains($"{ApplyFleet.Second}: 1 change applied: 1 replaced", allAtOnce.Stdout);
        Assert.Equal("3", (await StatusAsync(ApplyFleet.Second, "httpd")).Spec.Environment["GREETING"]);

        // A broken new version: the first node's container fails within the settle time, and the rolling
        // change stops there; the second keeps the version that works. Applying that again mends the first.
        var brokenVersion = await Aurae("apply", Workloads(greeting: "3", withCrasher: false, httpd: "exit 3"), "-n", both, "--max-unavailable", "1");
        Assert.True(brokenVersion.Code == 1, Show(brokenVersion));
        Assert.Contains($"{ApplyFleet.First}: ~ container web/httpd (args)\n", brokenVersion.Stdout);
        Assert.Matches($@"{ApplyFleet.First} \(127\.0\.0\.1:\d+\): ~ container web/httpd \(args\): (exited 3|restarted \d+ times?)", brokenVersion.Stderr);
        Assert.Contains($"{ApplyFleet.Second} (127.0.0.1:{fleet.Endpoints[ApplyFleet.Second].Port}): not changed: the rollout stopped after {ApplyFleet.First} failed",
            brokenVersion.Stderr);
        Assert.DoesNotContain(ApplyFleet.Second + ":", brokenVersion.Stdout);
        file = Workloads(greeting: "3", withCrasher: false);
        var mended = await Aurae("apply", file, "-n", both, "--max-unavailable", "1");
        Assert.True(mended.Code == 0, Show(mended));
        Assert.Contains($"{ApplyFleet.First}: 1 change applied: 1 replaced", mended.Stdout);
        Assert.Contains($"{ApplyFleet.Second}: no changes: already as declared", mended.Stdout);

        // A broken file is refused whole, at its line, before any node is touched.
        var broken = _files.Write("broken.yaml", File.ReadAllText(file).Replace("image: bb", "image: missing"));
        var refused = await Aurae("apply", broken, "-n", both);
        Assert.Equal(1, refused.Code);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(refused.Stderr,
            @"broken\.yaml:11:16: field 'cells.web.containers.httpd.image': image 'missing' is not declared under images:"), refused.Stderr);
        Assert.Equal("", refused.Stdout);
        Assert.Equal(0, (await Aurae("diff", file, "-n", both, "--prune")).Code);

        // What apply pushed is what the nodes report: the image by the digest apply computed from the archive.
        using var imageChannel = fleet.OperatorChannel(ApplyFleet.Second);
        var images = await new ImageService.ImageServiceClient(imageChannel).ListAsync(new Aurae.Api.Images.V0.ListRequest(), deadline: Deadline());
        Assert.Equal((await StatusAsync(ApplyFleet.Second, "httpd")).ImageDigest, Assert.Single(images.Images, i => i.Name == "bb").ConfigDigest);
    }

    /// <summary>workloads.yaml: busybox as an artifact and as an image; a cell with a container, a service and (optionally) one that keeps failing.</summary>
    private string Workloads(string greeting, bool withCrasher, string httpd = "echo up; exec /bin/busybox sleep 100000")
    {
        // Under executables: (six spaces), after the ticker. It fails after apply's settle time (2 s), so
        // apply converges and the daemon's restarts show.
        var crasher = withCrasher
            ? string.Join('\n',
                "      crasher:",
                "        argv: [/bin/busybox, sh, -c, \"/bin/busybox sleep 3; exit 3\"]",
                "        artifacts: [busybox:/bin/busybox]",
                "        restart: on-failure")
            : "";
        return _files.Write("workloads.yaml", $"""
            artifacts:
              busybox: {"{"}file: /bin/busybox, executable: true{"}"}
            images:
              bb: {busybox.OciArchive}
            cells:
              web:
                isolate-network: true
                memory-max: 64M
                containers:
                  httpd:
                    image: bb
                    args: [-c, "{httpd}"]
                    env: {"{"}GREETING: "{greeting}"{"}"}
                    ports: ["18080:8080"]
                    restart: always
                executables:
                  ticker:
                    argv: [/bin/busybox, sh, -c, "/bin/busybox sleep 100000"]
                    artifacts: [busybox:/bin/busybox]
                    restart: on-failure
            {crasher}
            """);
    }

    private Task<(int Code, string Stdout, string Stderr)> Aurae(params string[] args) => fleet.AuraeAsync(args);

    private async Task<ExecutableStatus> StatusAsync(string node, string name)
    {
        using var channel = fleet.OperatorChannel(node);
        return await new ExecutableService.ExecutableServiceClient(channel)
            .StatusAsync(new StatusRequest { CellName = "web", ExecutableName = name }, deadline: Deadline());
    }

    private async Task<ExecutableStatus> UntilAsync(string node, string name, Func<ExecutableStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var status = await StatusAsync(node, name);
        while (!condition(status))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{node} {name}: not reached in 90 s; last {status}");
            await Task.Delay(500);
            status = await StatusAsync(node, name);
        }
        return status;
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private string Show((int Code, string Stdout, string Stderr) run) =>
        $"exit {run.Code}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}\n{fleet.Consoles()[^Math.Min(4000, fleet.Consoles().Length)..]}";

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(60);
}
