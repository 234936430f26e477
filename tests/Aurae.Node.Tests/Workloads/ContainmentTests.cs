using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Api.Discovery.V0;
using Aurae.Api.Node.V0;
using Aurae.Client;
using Grpc.Core;
using Grpc.Net.Client;

namespace Aurae.Node.Tests.Workloads;

/// <summary>
/// Issue 16's hostile tenant on a booted node: every escape the issue found, attempted by an
/// executable in a default (isolated) cell limited as the issue's was (memory.max 64M, pids.max
/// 20), must be refused, and the node must come out of it the same boot, answering, with its
/// name, clock, network, cell limits, sysctls, modules, artifacts and kernel log unchanged (as a
/// privileged cell, which sees the node, reads them before and after). Each attempt prints
/// ESCAPED only when it worked, and "done" last; every attempt runs before the one assertion, so
/// a failure lists every escape with what it printed. The same table runs as root of a container
/// (umoci's busybox image). A privileged cell still reaches the node, for an admin only. The fork
/// bomb and the OOM kill are ExecutableTests' (default cell) and ContainerTests' (containers).
/// </summary>
[Collection(WorkloadNodeCollection.Name)]
public sealed partial class ContainmentTests(WorkloadNode node, Aurae.Testing.Images.UmociImage image) : IClassFixture<Aurae.Testing.Images.UmociImage>
{
    private const string Busybox = "/run/aurae/artifacts/names/busybox";
    private const string Escaped = "ESCAPED";
    private const string Done = "done";

    /// <summary>What a tenant's own processes are called: its init, and busybox as sh.</summary>
    private static readonly HashSet<string> TenantProcessNames = ["aurae-init", "busybox", "sh"];

    /// <summary>The sysctls the tenant tries to change, read on the node before and after.</summary>
    private static readonly string[] Sysctls =
    [
        "kernel/core_pattern", "kernel/modprobe", "kernel/sysrq", "kernel/panic", "kernel/printk", "kernel/hostname",
        "kernel/domainname", "kernel/randomize_va_space", "net/ipv4/ip_forward", "vm/overcommit_memory",
    ];

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

    /// <summary>
    /// One row of the table: a busybox sh script that prints a line with ESCAPED only when the
    /// escape worked and "done" when it got through every step; <see cref="Judge"/> looks closer
    /// where a printed marker cannot tell (null: refused).
    /// </summary>
    private sealed record Attempt(string Name, string Script, Func<RemoteRunResult, string?>? Judge = null);

    /// <summary>The node as a privileged cell sees it: "key value" facts, and its clock's offset from this machine's.</summary>
    private sealed record NodeState(IReadOnlyDictionary<string, string> Facts, long ClockOffsetSeconds)
    {
        public string this[string key] => Facts.GetValueOrDefault(key, "");

        public IEnumerable<(int Pid, string Name)> Processes => Facts
            .Where(f => f.Key.StartsWith("pid ", StringComparison.Ordinal))
            .Select(f => (int.Parse(f.Key[4..], CultureInfo.InvariantCulture), f.Value));
    }

    /// <summary>How the tenant runs: an executable of a default cell, one of a cell with its own network, or a container (root inside, umoci's busybox image).</summary>
    public enum TenantKind
    {
        Executable,
        ExecutableOwnNetwork,
        Container,
    }

    private const string TenantImage = "hostile-busybox";

    [Theory]
    [InlineData(TenantKind.Executable)]
    [InlineData(TenantKind.ExecutableOwnNetwork)]
    [InlineData(TenantKind.Container)]
    public async Task A_hostile_tenant_is_refused_every_escape_of_issue_16_and_the_node_comes_out_unchanged(TenantKind kind)
    {
        using var channel = node.OperatorChannel();
        var busyboxSha256 = await PushBusyboxAsync(channel);
        // Containers always have their own network.
        var ownNetwork = kind != TenantKind.Executable;
        var cellName = kind switch { TenantKind.Executable => "tenant", TenantKind.ExecutableOwnNetwork => "tenant-net", _ => "tenant-ctr" };
        if (kind == TenantKind.Container)
        {
            await ArtifactUploader.PushAsync(new ArtifactService.ArtifactServiceClient(channel), image.OciArchive, "hostile-busybox.tar", executable: false);
            await new Aurae.Api.Images.V0.ImageService.ImageServiceClient(channel).ImportAsync(
                new Aurae.Api.Images.V0.ImportRequest { Artifact = "hostile-busybox.tar", Name = TenantImage }, deadline: DateTime.UtcNow.AddMinutes(2));
        }
        var cells = new CellService.CellServiceClient(channel);
        await cells.AllocateAsync(new CellServiceAllocateRequest
        {
            Cell = new Cell
            {
                Name = cellName,
                Memory = new MemoryController { Max = 64L << 20 },
                Pids = new PidsController { Max = 20 },
                IsolateNetwork = ownNetwork,
            },
        }, deadline: Deadline());
        try
        {
            var listed = Assert.Single((await cells.ListAsync(new CellServiceListRequest(), deadline: Deadline())).Cells, c => c.Cell.Name == cellName);
            Assert.False(listed.Cell.Privileged);
            Assert.NotNull(listed.Cell.Ids);
            Assert.Equal(65536U, listed.Cell.Ids.Count);

            // A line no kernel log holds yet: the tenant tries to write it there.
            var marker = $"aurae-tenant-{Guid.NewGuid():N}"[..28];
            var before = await NodeStateAsync(channel, cellName, marker);
            Assert.False(string.IsNullOrEmpty(before["boot"]), $"the node's state could not be read:\n{string.Join('\n', before.Facts)}");
            Assert.False(string.IsNullOrEmpty(before["iface"]), "the node has no network interface but lo");

            var attempts = Attempts(before, ownNetwork, listed.Cell.Ids.First, marker);
            var findings = new List<string>();
            var table = new StringBuilder();
            for (var i = 0; i < attempts.Count; i++)
            {
                var attempt = attempts[i];
                RemoteRunResult result;
                try
                {
                    result = kind == TenantKind.Container
                        ? await RunInContainerAsync(channel, cellName, $"attempt-{i + 1:00}", attempt.Script)
                        : await RemoteRun.RunAsync(channel, cellName, $"attempt-{i + 1:00}", Busybox, "sh", "-c", attempt.Script);
                }
                catch (Exception e) when (e is RpcException or InvalidOperationException)
                {
                    findings.Add($"{attempt.Name}: could not be run: {e.Message}");
                    table.AppendLine(CultureInfo.InvariantCulture, $"[{attempt.Name}] could not be run: {e.Message}");
                    if (!await AnswersAsync(channel))
                    {
                        findings.Add($"the API stopped answering after '{attempt.Name}'; the attempts after it were not run");
                        break;
                    }
                    continue;
                }
                var verdict = Verdict(attempt, result);
                table.AppendLine(CultureInfo.InvariantCulture, $"[{attempt.Name}] {(verdict is null ? "refused" : "ESCAPED: " + verdict)}").AppendLine(Describe(result));
                if (verdict is not null)
                    findings.Add($"{attempt.Name}: {verdict}\n{Describe(result)}");
                if (!await AnswersAsync(channel))
                {
                    findings.Add($"the API stopped answering after '{attempt.Name}'; the attempts after it were not run");
                    break;
                }
            }

            if (!await AnswersAsync(channel))
            {
                findings.Add("after the table the node does not answer Discover as healthy");
            }
            else
            {
                var after = await NodeStateAsync(channel, cellName, marker);
                findings.AddRange(NodeChanges(before, after, busyboxSha256));
                var info = await new NodeService.NodeServiceClient(channel).InfoAsync(new InfoRequest(), deadline: Deadline());
                if (info.Node.Hostname != before["hostname"])
                    findings.Add($"NodeService.Info names the node '{info.Node.Hostname}', not '{before["hostname"]}'");
                if (info.Node.DaemonPid != 1)
                    findings.Add($"the daemon is pid {info.Node.DaemonPid}, not 1");
            }
            if (node.Machine.Console.Contains(marker, StringComparison.Ordinal))
                findings.Add($"the tenant's line '{marker}' reached the node's console");

            Assert.True(findings.Count == 0,
                $"{findings.Count} of the tenant's attempts (or their effects on the node) were not refused:\n\n" +
                string.Join("\n\n", findings) + $"\n\nThe whole table ({cellName}):\n{table}");
        }
        finally
        {
            try
            {
                await cells.FreeAsync(new CellServiceFreeRequest { CellName = cellName }, deadline: Deadline());
            }
            catch (RpcException)
            {
                // The node failed the table; the assertion above says how.
            }
        }
    }

    [Fact]
    public async Task A_privileged_cell_still_reaches_the_node_is_shown_as_such_and_is_refused_to_a_reader()
    {
        using var channel = node.OperatorChannel();
        await PushBusyboxAsync(channel);
        var cells = new CellService.CellServiceClient(channel);
        var nodeService = new NodeService.NodeServiceClient(channel);
        await cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = "admin-tools", Privileged = true } }, deadline: Deadline());
        try
        {
            Assert.Contains("admin-tools", (await nodeService.InfoAsync(new InfoRequest(), deadline: Deadline())).PrivilegedCells);
            var listed = Assert.Single((await cells.ListAsync(new CellServiceListRequest(), deadline: Deadline())).Cells, c => c.Cell.Name == "admin-tools");
            Assert.True(listed.Cell.Privileged);
            Assert.Null(listed.Cell.Ids);

            // /dev/kmsg gives one record per read: "priority,sequence,microseconds,flags;message".
            var kmsg = await RemoteRun.RunAsync(channel, "admin-tools", "kmsg", Busybox, "dd", "if=/dev/kmsg", "bs=8192", "count=1");
            Assert.True(kmsg.Status.ExitCode == 0, Describe(kmsg));
            Assert.Matches(@"^\d+,\d+,\d+,", kmsg.Stdout);
            var etc = await RemoteRun.RunAsync(channel, "admin-tools", "etc", Busybox, "ls", "/etc/aurae", "/etc/aurae/pki");
            Assert.True(etc.Status.ExitCode == 0, Describe(etc));
            Assert.Contains("node.json", Lines(etc.Stdout));
            Assert.Contains("node.key", Lines(etc.Stdout));
            var root = await RemoteRun.RunAsync(channel, "admin-tools", "root", Busybox, "sh", "-c", "id -u; cat /proc/self/uid_map");
            Assert.Equal(["0", "0 0 4294967295"], Lines(root.Stdout).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        }
        finally
        {
            await cells.FreeAsync(new CellServiceFreeRequest { CellName = "admin-tools" }, deadline: Deadline());
        }
        Assert.DoesNotContain("admin-tools", (await nodeService.InfoAsync(new InfoRequest(), deadline: Deadline())).PrivilegedCells);

        var mixed = await Assert.ThrowsAsync<RpcException>(() => cells.AllocateAsync(new CellServiceAllocateRequest
            { Cell = new Cell { Name = "half-privileged", Privileged = true, IsolateNetwork = true } }, deadline: Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, mixed.StatusCode);

        using var reader = node.ReaderChannel();
        var denied = await Assert.ThrowsAsync<RpcException>(() => new CellService.CellServiceClient(reader).AllocateAsync(
            new CellServiceAllocateRequest { Cell = new Cell { Name = "reader-root", Privileged = true } }, deadline: Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var names = (await cells.ListAsync(new CellServiceListRequest(), deadline: Deadline())).Cells.Select(c => c.Cell.Name).ToList();
        Assert.DoesNotContain("reader-root", names);
        Assert.DoesNotContain("half-privileged", names);
    }

    [Fact]
    public async Task Isolated_cells_get_disjoint_ranges_of_65536_node_ids_and_their_root_is_the_first_of_its_range()
    {
        using var channel = node.OperatorChannel();
        await PushBusyboxAsync(channel);
        var cells = new CellService.CellServiceClient(channel);
        await cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = "ids-a" } }, deadline: Deadline());
        await cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = "ids-b", IsolateNetwork = true } }, deadline: Deadline());
        try
        {
            var listed = (await cells.ListAsync(new CellServiceListRequest(), deadline: Deadline())).Cells;
            var a = Assert.Single(listed, c => c.Cell.Name == "ids-a").Cell;
            var b = Assert.Single(listed, c => c.Cell.Name == "ids-b").Cell;
            foreach (var cell in new[] { a, b })
            {
                Assert.False(cell.Privileged);
                Assert.NotNull(cell.Ids);
                Assert.Equal(65536U, cell.Ids.Count);
                // Above the node's own ids: the cell's root is nobody on the node.
                Assert.True(cell.Ids.First >= 65536, $"{cell.Name}: first id {cell.Ids.First}");
            }
            Assert.True(a.Ids.First + 65536UL <= b.Ids.First || b.Ids.First + 65536UL <= a.Ids.First,
                $"ids-a {a.Ids.First}+65536 and ids-b {b.Ids.First}+65536 overlap");

            foreach (var cell in new[] { a, b })
            {
                var map = await RemoteRun.RunAsync(channel, cell.Name, "map", Busybox, "sh", "-c", "id -u; cat /proc/self/uid_map /proc/self/gid_map");
                Assert.Equal(["0", $"0 {cell.Ids.First} 65536", $"0 {cell.Ids.First} 65536"],
                    Lines(map.Stdout).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
            }
        }
        finally
        {
            await cells.FreeAsync(new CellServiceFreeRequest { CellName = "ids-a" }, deadline: Deadline());
            await cells.FreeAsync(new CellServiceFreeRequest { CellName = "ids-b" }, deadline: Deadline());
        }
    }

    private static string? Verdict(Attempt attempt, RemoteRunResult result)
    {
        var lines = Lines(result.Stdout);
        var escaped = lines.Where(l => l.Contains(Escaped, StringComparison.Ordinal)).ToList();
        if (escaped.Count > 0)
            return string.Join("; ", escaped);
        if (attempt.Judge?.Invoke(result) is { } judged)
            return judged;
        if (lines.Count == 0 || lines[^1] != Done)
            return $"did not get through its steps ({StatusText(result.Status)}), so their refusal is unproven";
        return null;
    }

    /// <summary>What changed on the node between two readings that the tenant must not have changed.</summary>
    private static IEnumerable<string> NodeChanges(NodeState before, NodeState after, string busyboxSha256)
    {
        foreach (var (key, value) in before.Facts)
        {
            if (key.StartsWith("pid ", StringComparison.Ordinal) || key is "clock" or "busybox" or "marker")
                continue;
            var now = after[key];
            if (now != value)
                yield return $"the node's {key} changed: '{value}' -> '{now}'";
        }
        if (after["busybox"] != busyboxSha256)
            yield return $"the node's busybox artifact is no longer what was pushed: sha256 {after["busybox"]}, pushed {busyboxSha256}";
        if (after["marker"] != "0")
            yield return $"the tenant's line reached the node's kernel log ({after["marker"]} lines)";
        if (!after["link"].Split(',').Contains("UP"))
            yield return $"the node's {after["iface"]} is not up: <{after["link"]}>";
        if (Math.Abs(after.ClockOffsetSeconds - before.ClockOffsetSeconds) > 120)
            yield return $"the node's clock moved by {after.ClockOffsetSeconds - before.ClockOffsetSeconds} s against this machine's";
    }

    /// <summary>Reads the node from a privileged cell (freed after): one "key value" line per fact.</summary>
    private static async Task<NodeState> NodeStateAsync(GrpcChannel channel, string tenantCell, string marker)
    {
        var script = $$"""
            iface=$(ls /sys/class/net | grep -v '^lo$' | head -n 1)
            echo "boot $(cat /proc/sys/kernel/random/boot_id)"
            echo "hostname $(hostname)"
            echo "year $(date +%Y)"
            echo "clock $(date +%s)"
            echo "etc $(ls -R /etc/aurae | tr '\n' ' ')"
            echo "busybox $(sha256sum {{Busybox}} | cut -d ' ' -f 1)"
            echo "iface $iface"
            echo "link $(ip -o link show $iface | sed 's/.*<\(.*\)>.*/\1/')"
            echo "addresses $(ip -o -4 addr show dev $iface | awk '{ print $4 }' | tr '\n' ' ')"
            echo "routes $(ip route | tr '\n' ';')"
            echo "modules $(cut -d ' ' -f 1 /proc/modules 2>/dev/null | sort | tr '\n' ' ')"
            echo "swaps $(wc -l < /proc/swaps)"
            echo "marker $(dmesg | grep -c {{marker}})"
            echo "limit memory.max $(cat /sys/fs/cgroup/aurae/{{tenantCell}}/memory.max)"
            echo "limit pids.max $(cat /sys/fs/cgroup/aurae/{{tenantCell}}/pids.max)"
            for s in {{string.Join(' ', Sysctls)}}; do echo "sysctl $s $(cat /proc/sys/$s 2>/dev/null)"; done
            for p in /proc/[0-9]*; do read -r c < $p/comm && echo "pid ${p#/proc/} $c"; done 2>/dev/null
            """;
        var cell = $"probe-{Guid.NewGuid():N}"[..14];
        var cells = new CellService.CellServiceClient(channel);
        await cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = cell, Privileged = true } }, deadline: Deadline());
        RemoteRunResult result;
        try
        {
            result = await RemoteRun.RunAsync(channel, cell, "node-state", Busybox, "sh", "-c", script);
        }
        finally
        {
            await cells.FreeAsync(new CellServiceFreeRequest { CellName = cell }, deadline: Deadline());
        }
        var host = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Lines(result.Stdout))
        {
            var parts = line.Split(' ', 2);
            var key = parts[0];
            var value = parts.Length > 1 ? parts[1] : "";
            if (key is "sysctl" or "pid" or "limit")
            {
                var more = value.Split(' ', 2);
                key = $"{key} {more[0]}";
                value = more.Length > 1 ? more[1] : "";
            }
            facts[key] = value.Trim();
        }
        var clock = long.TryParse(facts.GetValueOrDefault("clock"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
        return new NodeState(facts, clock - host);
    }

    private static async Task<bool> AnswersAsync(GrpcChannel channel)
    {
        try
        {
            return (await new DiscoveryService.DiscoveryServiceClient(channel).DiscoverAsync(new DiscoverRequest(), deadline: Deadline())).Healthy;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    /// <summary>Pushes busybox (idempotent) and returns its sha256, as the node must still have it after the table.</summary>
    /// <summary>The script as root of a container of the tenant image: its own busybox, its own root, its cell's ids.</summary>
    private static async Task<RemoteRunResult> RunInContainerAsync(GrpcChannel channel, string cell, string name, string script)
    {
        var executable = new Executable { Name = name, Image = TenantImage, Uid = 0, Gid = 0, Entrypoint = { "/bin/busybox" }, Argv = { "sh", "-c", script } };
        await new CellService.CellServiceClient(channel).StartAsync(new CellServiceStartRequest { CellName = cell, Executable = executable }, deadline: Deadline());
        return await RemoteRun.FollowAsync(channel, cell, name, TimeSpan.FromMinutes(2));
    }

    private static async Task<string> PushBusyboxAsync(GrpcChannel channel)
    {
        var artifact = await ArtifactUploader.PushAsync(new ArtifactService.ArtifactServiceClient(channel), ArtifactTests.Busybox, "busybox", executable: true);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(ArtifactTests.Busybox))), artifact.Sha256);
        return artifact.Sha256;
    }

    private static string StatusText(ExecutableStatus status) => status.State switch
    {
        ExecutableStatus.Types.State.Exited => $"exited {status.ExitCode}",
        ExecutableStatus.Types.State.Signaled => $"killed by signal {status.Signal}",
        _ => status.State.ToString(),
    };

    private static string Describe(RemoteRunResult result) =>
        $"    {StatusText(result.Status)}\n    stdout: {Indent(result.Stdout)}\n    stderr: {Indent(result.Stderr)}";

    private static string Indent(string text) => text.TrimEnd('\n').Replace("\n", "\n            ", StringComparison.Ordinal);

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
}
