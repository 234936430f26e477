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
public sealed class ContainmentTests(WorkloadNode node, Aurae.Testing.Images.UmociImage image) : IClassFixture<Aurae.Testing.Images.UmociImage>
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

    /// <summary>
    /// The table. Scripts run as the cell's root (node uid <paramref name="firstId"/>) with
    /// busybox's applets; where busybox exits 0 on failure the effect is read back instead.
    /// </summary>
    private static List<Attempt> Attempts(NodeState before, bool ownNetwork, uint firstId, string marker)
    {
        var iface = before["iface"];
        // The node's processes, by the numbers the node knows them by. The tenant's own pid
        // namespace never gets near 10 (its scripts use builtins where they loop).
        var nodePids = string.Join(' ', before.Processes.Where(p => p.Pid >= 10).Select(p => p.Pid));
        var nodeOnlyNames = before.Processes.Select(p => p.Name).Where(n => !TenantProcessNames.Contains(n)).ToHashSet();

        var rawSocket = ownNetwork
            ? $$"""
                for i in /sys/class/net/*; do [ "${i##*/}" = lo ] || echo "ESCAPED sees the interface ${i##*/}"; done
                echo "interfaces: $(ls /sys/class/net | tr '\n' ' ')"
                out=$(arping -c 1 -w 2 -I {{iface}} 10.0.2.2 2>&1); echo "arping: $out"
                case "$out" in *ARPING*) echo "ESCAPED arping sent on the node's {{iface}}";; esac
                echo done
                """
            : $$"""
                out=$(arping -c 1 -w 2 -I {{iface}} 10.0.2.2 2>&1); echo "arping: $out"
                case "$out" in *ARPING*) echo "ESCAPED arping opened a packet socket on the node's {{iface}}";; esac
                out=$(traceroute -n -m 1 -q 1 -w 1 10.0.2.2 2>&1); echo "traceroute: $out"
                case "$out" in *"traceroute to"*) echo "ESCAPED traceroute opened a raw socket";; esac
                out=$(ping -c 1 -W 2 10.0.2.2 2>&1); echo "ping (may use an unprivileged ICMP socket): $out"
                echo done
                """;

        return
        [
            new("read the node's key, certificates and manifest under /etc/aurae", """
                for f in /etc/aurae/pki/node.key /etc/aurae/pki/node.crt /etc/aurae/pki/ca.crt /etc/aurae/node.json \
                         /proc/1/root/etc/aurae/pki/node.key /proc/1/cwd/etc/aurae/node.json /proc/2/root/etc/aurae/pki/node.key; do
                  n=$(cat "$f" 2>/dev/null | wc -c)
                  [ "$n" -gt 0 ] && echo "ESCAPED read $n bytes of $f"
                done
                ls /etc 2>&1
                find / -xdev \( -name '*.key' -o -name 'node.json' -o -name '*.crt' \) 2>/dev/null | sed 's/^/ESCAPED found /'
                echo done
                """),
            new("read the daemon's binary (/init, /proc/1/exe)", """
                for f in /init /proc/1/exe /sbin/init; do
                  n=$(cat "$f" 2>/dev/null | wc -c)
                  [ "$n" -gt 0 ] && echo "ESCAPED read $n bytes of $f"
                done
                echo "its init: $(cat /proc/1/comm)"
                ls -l /proc/1/exe 2>&1
                echo done
                """),
            new("read the daemon's memory through the cell's init, a copy of it (/proc/1/mem, maps, environ, fd)", """
                for f in maps smaps environ auxv syscall stack; do
                  n=$(cat /proc/1/$f 2>/dev/null | wc -c)
                  [ "$n" -gt 0 ] && echo "ESCAPED read $n bytes of /proc/1/$f"
                done
                (true < /proc/1/mem) 2>/dev/null && echo "ESCAPED opened /proc/1/mem"
                ls /proc/1/fd 2>/dev/null | sed 's/^/ESCAPED sees the init'"'"'s fd /'
                cat /proc/1/environ 2>&1 | head -c 200; echo
                echo done
                """),
            new("see the node's processes", $$"""
                for p in /proc/[0-9]*; do read -r c < $p/comm && echo "pid ${p#/proc/} $c"; done 2>/dev/null
                for p in {{nodePids}}; do kill -0 $p 2>/dev/null && echo "ESCAPED signal 0 reached node pid $p"; done
                echo done
                """, r => SeesOnlyItself(r, nodeOnlyNames)),
            new("signal or kill the daemon (it cannot be named: pid 1 here is the cell's own init)", """
                kill -9 -1 2>&1; echo "kill -9 -1: $?"
                kill -KILL 1 2>&1; echo "kill -KILL 1: $?"
                sleep 1
                [ -d /proc/1 ] || echo "ESCAPED its init died"
                echo "pid 1 is $(cat /proc/1/comm)"
                echo done
                """),
            new("move itself out of its cgroup", """
                before=$(cat /proc/self/cgroup)
                for f in $(find / -xdev -name cgroup.procs 2>/dev/null; find /sys/fs/cgroup -name cgroup.procs 2>/dev/null) \
                         /sys/fs/cgroup/cgroup.procs /sys/fs/cgroup/aurae/cgroup.procs; do
                  echo $$ > $f && echo "ESCAPED wrote its pid to $f"
                done
                mkdir -p /tmp/cg
                mount -t cgroup2 none /tmp/cg && echo "ESCAPED mounted cgroup2"
                mount -t cgroup -o memory none /tmp/cg && echo "ESCAPED mounted cgroup v1 (release_agent)"
                after=$(cat /proc/self/cgroup)
                echo "cgroup: $before -> $after"
                [ "$before" = "$after" ] || echo "ESCAPED its cgroup changed to $after"
                echo done
                """),
            new("raise its memory.max and pids.max", """
                for f in $(find / -xdev \( -name memory.max -o -name memory.high -o -name pids.max \) 2>/dev/null; \
                           find /sys/fs/cgroup \( -name memory.max -o -name memory.high -o -name pids.max \) 2>/dev/null); do
                  echo "found $f: $(cat $f)"
                  echo max > $f && echo "ESCAPED wrote max to $f"
                done
                echo done
                """),
            new("rename the node", """
                hostname evil-tenant 2>&1
                echo evil-tenant > /proc/sys/kernel/hostname
                sysctl -w kernel.hostname=evil-tenant 2>&1
                echo "its hostname: $(hostname)"
                [ "$(hostname)" = evil-tenant ] && echo "ESCAPED renamed (at least its own uts namespace: CAP_SYS_ADMIN)"
                echo done
                """),
            new("write the kernel log (/dev/kmsg, /proc/sysrq-trigger)", $$"""
                echo "<0>{{marker}} via /dev/kmsg" > /dev/kmsg && echo "ESCAPED wrote /dev/kmsg"
                mknod /tmp/kmsg c 1 11 && echo "ESCAPED made a kmsg device"
                [ -c /tmp/kmsg ] && echo "<0>{{marker}} via mknod" > /tmp/kmsg && echo "ESCAPED wrote a kmsg device"
                echo h > /proc/sysrq-trigger && echo "ESCAPED wrote /proc/sysrq-trigger"
                echo done
                """),
            new("read the kernel log (dmesg, /proc/kmsg)", """
                n=$(dmesg 2>/dev/null | wc -c); [ "$n" -gt 0 ] && echo "ESCAPED dmesg printed $n bytes"
                dmesg 2>&1 | head -n 1
                n=$(timeout 2 head -c 100 /proc/kmsg 2>/dev/null | wc -c); [ "$n" -gt 0 ] && echo "ESCAPED read /proc/kmsg"
                n=$(timeout 2 head -c 100 /dev/kmsg 2>/dev/null | wc -c); [ "$n" -gt 0 ] && echo "ESCAPED read /dev/kmsg"
                echo done
                """),
            new("change sysctls (core_pattern, modprobe, ip_forward, ...)", """
                w() {
                  old=$(cat /proc/sys/$1 2>/dev/null)
                  echo "$2" > /proc/sys/$1 && echo "ESCAPED wrote $1"
                  new=$(cat /proc/sys/$1 2>/dev/null)
                  if [ "$old" != "$new" ]; then echo "ESCAPED $1 changed: '$old' -> '$new'"; echo "$old" > /proc/sys/$1; fi
                }
                w kernel/core_pattern '|/tmp/evil %p'
                w kernel/modprobe /tmp/evil
                w kernel/sysrq 1
                w kernel/panic 7
                w kernel/printk '1 4 1 7'
                w kernel/domainname evil-tenant
                w kernel/randomize_va_space 0
                w net/ipv4/ip_forward 1
                w vm/overcommit_memory 1
                echo 3 > /proc/sys/vm/drop_caches && echo "ESCAPED wrote vm/drop_caches"
                sysctl -w net.ipv4.ip_forward=1 2>&1
                for f in /sys/kernel/uevent_helper /sys/power/state; do
                  [ -e $f ] && (true > $f) && echo "ESCAPED opened $f for writing"
                done
                echo done
                """),
            new("mount file systems (tmpfs, proc, sysfs, devtmpfs, a bind; remount, unmask)", """
                mkdir -p /tmp/m
                mount -t tmpfs none /tmp/m && echo "ESCAPED mounted tmpfs"
                mount -t proc proc /tmp/m && echo "ESCAPED mounted proc"
                mount -t sysfs sysfs /tmp/m && echo "ESCAPED mounted sysfs"
                mount -t devtmpfs dev /tmp/m && echo "ESCAPED mounted devtmpfs"
                mount -o bind / /tmp/m && echo "ESCAPED bind-mounted /"
                mount -o remount,rw / && echo "ESCAPED remounted / read-write"
                umount /proc/kcore && echo "ESCAPED unmasked /proc/kcore"
                umount /proc/sys && echo "ESCAPED made /proc/sys writable"
                echo done
                """),
            new("modify the node's busybox (a read-only bound artifact)", """
                b=/run/aurae/artifacts/names/busybox
                (true >> $b) && echo "ESCAPED opened the artifact for writing"
                chmod 4755 $b && echo "ESCAPED chmod the artifact"
                mount -o remount,rw,bind $b && echo "ESCAPED remounted the artifact read-write"
                ls -l $b
                echo done
                """),
            new("create a block device and read the disk", """
                for d in vda sda nvme0n1 mem; do [ -e /dev/$d ] && echo "ESCAPED /dev/$d is there"; done
                for dev in 'sda 8 0' 'vda 254 0' 'ram0 1 0' 'loop0 7 0'; do
                  set -- $dev
                  mknod /tmp/$1 b $2 $3 && echo "ESCAPED made block device $1 ($2:$3)"
                  if [ -b /tmp/$1 ]; then
                    n=$(head -c 512 /tmp/$1 2>/dev/null | wc -c); [ "$n" -gt 0 ] && echo "ESCAPED read $n bytes of $1"
                  fi
                done
                mknod /dev/sdz b 8 0 && echo "ESCAPED made a block device in /dev"
                echo done
                """),
            new("read /dev/mem, /dev/kmem, /dev/port and /proc/kcore", """
                for f in /dev/mem /dev/kmem /dev/port /proc/kcore; do
                  n=$(head -c 1 $f 2>/dev/null | wc -c); [ "$n" -gt 0 ] && echo "ESCAPED read $f"
                done
                mknod /tmp/mem c 1 1 && echo "ESCAPED made a /dev/mem device"
                devmem 0x1000 2>&1 && echo "ESCAPED devmem read physical memory"
                ls -l /proc/kcore
                echo done
                """),
            new("open a raw or packet socket on the node's network", rawSocket),
            .. ownNetwork ? Array.Empty<Attempt>() :
            [
                // Its own network namespace may (as in Docker) serve on port 80 of its own loopback.
                new("listen on a privileged port of the node (80)", """
                    out=$(timeout 2 nc -l -p 80 2>&1); echo "nc -l -p 80: $out"
                    case "$out" in *denied*|*"not permitted"*) ;; *) echo "ESCAPED listened on the node's port 80";; esac
                    echo done
                    """),
            ],
            new("set the clock (date -s, adjtimex, hwclock)", """
                now=$(date +%s)
                date -s 2001-01-01 2>&1
                if [ "$(date +%Y)" = 2001 ]; then echo "ESCAPED the clock is now $(date)"; date -s "@$now"; fi
                tick=$(adjtimex | awk '/tick:/ { print $3 }')
                adjtimex -q -t "$tick" 2>&1 && echo "ESCAPED adjtimex set the tick (to $tick, as it was)"
                hwclock -w 2>&1 && echo "ESCAPED hwclock wrote the RTC"
                echo done
                """),
            new("take the node's network down (link down, flush addresses, delete the default route)", $$"""
                state() { ip -o link; ip -o addr | sed 's/ valid_lft.*//'; ip route; }
                before=$(state 2>&1)
                ip link set {{iface}} down 2>&1
                ifconfig {{iface}} down 2>&1
                ip addr flush dev {{iface}} 2>&1
                ip route del default 2>&1
                ip link set lo down 2>&1
                after=$(state 2>&1)
                if [ "$before" != "$after" ]; then
                  echo "ESCAPED its network changed"; echo "$after"
                  ip link set {{iface}} up; ip link set lo up
                fi
                echo "network: $after" | head -n 6
                echo done
                """),
            new("load a kernel module (insmod, modprobe)", """
                echo junk > /tmp/evil.ko
                out=$(insmod /tmp/evil.ko 2>&1); echo "insmod: $out"
                case "$out" in *nvalid*|*"xec format"*) echo "ESCAPED the kernel parsed the module: the capability check passed";; esac
                insmod /tmp/evil.ko 2>/dev/null && echo "ESCAPED insmod"
                modprobe dummy 2>&1 && echo "ESCAPED modprobe dummy"
                echo done
                """),
            new("make namespaces of its own (unshare)", """
                unshare -U true 2>&1 && echo "ESCAPED unshare -U"
                unshare -r id -u 2>&1 && echo "ESCAPED unshare -r"
                unshare -m true 2>&1 && echo "ESCAPED unshare -m"
                unshare -n true 2>&1 && echo "ESCAPED unshare -n"
                unshare -u true 2>&1 && echo "ESCAPED unshare -u"
                unshare -i true 2>&1 && echo "ESCAPED unshare -i"
                unshare -p -f true 2>&1 && echo "ESCAPED unshare -p"
                echo done
                """),
            new("enter the node (nsenter -t 1 and via /proc/1/ns, chroot /proc/1/root)", """
                b=/run/aurae/artifacts/names/busybox
                for t in 1 2; do
                  nsenter -t $t -m -u -i -n -p -- $b sh -c '[ -e /etc/aurae ] && echo "ESCAPED nsenter -t '$t' reached the node'"'"'s root"' 2>&1
                  nsenter -m/proc/$t/ns/mnt -- $b sh -c '[ -e /etc/aurae ] && echo "ESCAPED nsenter /proc/'$t'/ns/mnt reached the node'"'"'s root"' 2>&1
                done
                ls -l /proc/1/ns 2>&1 | head -n 3
                chroot /proc/1/root $b sh -c '[ -e /etc/aurae ] && echo "ESCAPED chroot /proc/1/root reached the node'"'"'s root"' 2>&1
                echo done
                """),
            // (A container's image may have no /tmp: its root is writable, so it makes one.)
            // The tenant can only write a tmpfs, which the kernel will not swap to even for root:
            // what proves the refusal is that the privilege check came first (EPERM).
            new("swap on a file", """
                mkdir -p /tmp
                dd if=/dev/zero of=/tmp/swap bs=1024 count=128 2>/dev/null
                mkswap /tmp/swap >/dev/null 2>&1
                swapon /tmp/swap 2>&1 && echo "ESCAPED swapon"
                if grep -q /tmp/swap /proc/swaps; then echo "ESCAPED the node swaps to the tenant's file"; swapoff /tmp/swap; fi
                echo done
                """, r => r.Stdout.Contains("Operation not permitted", StringComparison.Ordinal) ? null
                    : "swapon was not refused for want of privilege, so the privilege check is unproven"),
            new("become the node's root (its uid map)", $$"""
                cat /proc/self/uid_map /proc/self/gid_map
                read -r inside outside count < /proc/self/uid_map
                [ "$inside $outside $count" = "0 {{firstId}} 65536" ] || echo "ESCAPED its uid map is '$inside $outside $count', not the cell's"
                echo '0 0 1' > /proc/self/uid_map && echo "ESCAPED rewrote its uid map"
                echo done
                """),
            // Listed by a child (ls), into a file: the shell's own listing would show the
            // directory it reads, and a command substitution its pipe.
            // Listed by a child process, while the shell waits for it holding nothing but what it
            // was given: the shell's own listing would show the directory it reads, and busybox
            // runs some applets (ls, readlink) inside the shell with their redirections.
            new("use a file descriptor inherited from the daemon", """
                /run/aurae/artifacts/names/busybox sh -c '
                  p=$PPID
                  s0=$(readlink /proc/$p/fd/0); s1=$(readlink /proc/$p/fd/1); s2=$(readlink /proc/$p/fd/2)
                  for f in /proc/$p/fd/*; do
                    n=${f##*/}; t=$(readlink $f); echo "fd $n -> $t"
                    case $n in 0|1|2) continue;; esac
                    case "$t" in "$s0"|"$s1"|"$s2"|/dev/null) ;; *) echo "ESCAPED holds fd $n -> $t";; esac
                  done'
                echo done
                """),
            new("raise its priority and shield itself from the OOM killer", """
                echo -1000 > /proc/self/oom_score_adj && echo "ESCAPED wrote oom_score_adj"
                echo -17 > /proc/self/oom_adj 2>/dev/null && echo "ESCAPED wrote oom_adj"
                read -r adj < /proc/$$/oom_score_adj; echo "oom_score_adj $adj"
                [ "$adj" -lt 0 ] && echo "ESCAPED oom_score_adj is $adj"
                renice -n -20 -p $$ 2>&1
                set -- $(cat /proc/$$/stat); echo "nice ${19}"
                [ "${19}" -lt 0 ] && echo "ESCAPED its nice is ${19}"
                echo done
                """),
            new("reboot or power off the node (reboot -f, poweroff -f, halt -f)", """
                reboot -f 2>&1; echo "reboot -f: $?"
                poweroff -f 2>&1; echo "poweroff -f: $?"
                halt -f 2>&1; echo "halt -f: $?"
                sleep 1
                echo done
                """),
        ];
    }

    /// <summary>The tenant's /proc must list a handful of its own processes, none of the node's.</summary>
    private static string? SeesOnlyItself(RemoteRunResult result, IReadOnlySet<string> nodeOnlyNames)
    {
        var seen = Lines(result.Stdout).Where(l => l.StartsWith("pid ", StringComparison.Ordinal))
            .Select(l => l.Split(' ', 3)).Where(p => p.Length == 3).Select(p => (Pid: int.Parse(p[1], CultureInfo.InvariantCulture), Name: p[2])).ToList();
        if (seen.Count == 0)
            return "listed no process at all, so what it sees is unproven";
        var problems = new List<string>();
        if (seen.Count > 4)
            problems.Add($"sees {seen.Count} processes");
        var strangers = seen.Where(p => p.Pid >= 10 || nodeOnlyNames.Contains(p.Name)).Select(p => $"{p.Pid} {p.Name}").ToList();
        if (strangers.Count > 0)
            problems.Add($"sees the node's processes: {string.Join(", ", strangers.Take(20))}");
        return problems.Count == 0 ? null : string.Join("; ", problems);
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
