using Aurae.Api.Cells.V0;
using Aurae.Daemon.Tests.Hosting;
using Aurae.Testing;
using Grpc.Core;

namespace Aurae.Daemon.Tests.Executables;

/// <summary>
/// An executable in a default (isolated) cell, started on this machine by the real spawn path:
/// what it sees of the machine, what it may do, and that it still behaves as an executable should
/// (output, exit codes, stop). The node-side equivalents, on a booted node, are in Aurae.Node.Tests.
/// </summary>
[Collection(ExecutablesCollection.Name)]
public sealed class IsolatedExecutableTests
{
    /// <summary>The OCI default capabilities as /proc/PID/status prints them (Docker's CapBnd).</summary>
    private const string OciDefaultCapabilities = "00000000a80425fb";

    [Fact]
    public async Task Runs_as_the_cells_root_mapped_to_its_id_range()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var result = await workload.RunAsync("ids", "id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map | tr -s ' ' | sed 's/^ //'");
        Assert.Equal("", result.Stderr);
        Assert.Equal(["0", "0", $"0 {workload.Ids.First} 65536", $"0 {workload.Ids.First} 65536"], Lines(result.Stdout));
        AssertExited(result, 0);
    }

    [Fact]
    public async Task Its_root_holds_only_what_the_node_provides_and_what_it_named()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var result = await workload.RunAsync("root", "ls -a /; ls /dev | sort | tr '\\n' ' '; echo; test -e /etc && echo has-etc; " +
                                                     "touch /new 2>/dev/null && echo wrote-root; touch /tmp/ok && echo wrote-tmp; hostname");
        var lines = Lines(result.Stdout);
        // The store's directory leads to the one bound artifact, nothing else of it.
        var storeTop = "/" + workload.BusyboxPath.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
        Assert.Equal(new[] { ".", "..", "dev", "proc", "tmp", storeTop.TrimStart('/') }.Distinct().Order(StringComparer.Ordinal),
            lines.TakeWhile(l => !l.Contains(' ')).Order(StringComparer.Ordinal));
        Assert.Contains("fd full null ptmx pts random shm stderr stdin stdout urandom zero", result.Stdout.Replace("tty ", ""));
        Assert.DoesNotContain("has-etc", lines);
        Assert.DoesNotContain("wrote-root", lines);
        Assert.Contains("wrote-tmp", lines);
        Assert.Equal("root", lines[^1]);
    }

    [Fact]
    public async Task Sees_only_its_own_processes()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var result = await workload.RunAsync("pids", "echo $$; ls /proc | grep -E '^[0-9]+$' | sort -n | tr '\\n' ' '; echo; " +
                                                     $"kill -0 {Environment.ProcessId} 2>&1 || echo cannot-signal");
        var lines = Lines(result.Stdout);
        // pid 1 is the cell's small init, pid 2 the workload; the listing adds ls itself and the pipe's processes.
        Assert.Equal("2", lines[0]);
        Assert.StartsWith("1 2 ", lines[1]);
        Assert.All(lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries), pid => Assert.True(int.Parse(pid) < 20, pid));
        Assert.Contains("cannot-signal", lines);
    }

    [Fact]
    public async Task Its_init_shows_nothing_of_the_daemon()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var result = await workload.RunAsync("init", "tr '\\0' ' ' < /proc/1/cmdline; echo; cat /proc/1/comm; cat /proc/1/environ 2>/dev/null | wc -c; ls -l /proc/1/exe 2>&1 | grep -c denied");
        Assert.Equal(["aurae-init", "aurae-init", "0", "1"], Lines(result.Stdout));
    }

    [Fact]
    public async Task Its_init_holds_none_of_the_daemons_memory()
    {
        // The init is its own small program (Native/init.c), not a copy of the daemon: its whole
        // address space is a few pages (a copy of this test host would be gigabytes).
        await using var workload = await IsolatedWorkload.CreateAsync();
        var result = await workload.RunAsync("init-memory", "grep -E '^(VmSize|VmRSS):' /proc/1/status | tr -s ' \t' ' '");
        var sizes = Lines(result.Stdout).Select(line => line.Split(' ')).ToDictionary(f => f[0], f => long.Parse(f[1]));
        Assert.Equal(2, sizes.Count);
        Assert.InRange(sizes["VmSize:"], 1, 1024);
        Assert.InRange(sizes["VmRSS:"], 1, 256);
    }

    [Fact]
    public async Task Its_cgroup_is_the_root_of_its_cgroup_namespace()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var result = await workload.RunAsync("cgroup", "cat /proc/self/cgroup");
        var lines = Lines(result.Stdout);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.EndsWith(":/", line));
    }

    [Fact]
    public async Task Has_the_OCI_default_capabilities_no_new_privileges_and_a_seccomp_filter()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var result = await workload.RunAsync("caps", "grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status");
        var fields = Lines(result.Stdout).Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim());
        Assert.Equal("0000000000000000", fields["CapInh"]);
        Assert.Equal(OciDefaultCapabilities, fields["CapPrm"]);
        Assert.Equal(OciDefaultCapabilities, fields["CapEff"]);
        Assert.Equal(OciDefaultCapabilities, fields["CapBnd"]);
        Assert.Equal("0000000000000000", fields["CapAmb"]);
        Assert.Equal("1", fields["NoNewPrivs"]);
        Assert.Equal("2", fields["Seccomp"]);
    }

    [Fact]
    public async Task Another_uid_of_the_cell_has_no_capabilities()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var result = await workload.RunAsync("user", "id -u; grep -E '^(CapEff|CapPrm):' /proc/self/status", adjust: e => { e.Uid = 1000; e.Gid = 1000; });
        Assert.Equal(["1000", "CapPrm:\t0000000000000000", "CapEff:\t0000000000000000"], Lines(result.Stdout));
    }

    [Fact]
    public async Task Cannot_mount_make_namespaces_set_the_clock_or_load_modules()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var result = await workload.RunAsync("escape",
            "mount -t tmpfs none /tmp 2>/dev/null && echo MOUNTED; " +
            "unshare -U true 2>/dev/null && echo UNSHARED; " +
            "unshare -m true 2>/dev/null && echo UNSHARED-MOUNT; " +
            // busybox date -s exits 0 even when the kernel refuses: read the clock back.
            "date -s 2001-01-01 >/dev/null 2>&1; [ $(date +%Y) = 2001 ] && echo CLOCK; " +
            "insmod /dev/null 2>/dev/null && echo MODULE; " +
            "mknod /tmp/sda b 8 0 2>/dev/null && echo MKNOD; " +
            "echo 1 > /proc/sys/kernel/sysrq 2>/dev/null && echo SYSCTL; " +
            "echo t > /proc/sysrq-trigger 2>/dev/null && echo SYSRQ; " +
            "head -c 1 /proc/kcore | wc -c; " +
            "echo done");
        Assert.Equal(["0", "done"], Lines(result.Stdout));
    }

    [Fact]
    public async Task Its_hostname_is_its_own_and_not_its_to_change()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var before = await File.ReadAllTextAsync("/proc/sys/kernel/hostname");
        // Renaming takes CAP_SYS_ADMIN, even in its own uts namespace (as in Docker).
        var result = await workload.RunAsync("namer", "hostname; hostname tenant-renamed 2>/dev/null && echo RENAMED; hostname");
        Assert.Equal(["namer", "namer"], Lines(result.Stdout));
        Assert.Equal(before, await File.ReadAllTextAsync("/proc/sys/kernel/hostname"));
    }

    [Fact]
    public async Task With_its_own_network_it_has_only_loopback_and_a_read_only_sys()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var result = await workload.RunAsync("net", "ls /sys/class/net | tr '\\n' ' '; echo; touch /sys/x 2>/dev/null && echo WROTE-SYS; " +
                                                    "ls /sys/firmware | wc -l; cat /sys/fs/cgroup/cgroup.controllers >/dev/null && echo cgroup; " +
                                                    "ip link show lo | grep -q ',UP' && echo lo-up", ownNetwork: true);
        Assert.Equal(["lo", "0", "cgroup", "lo-up"], Lines(result.Stdout));
    }

    [Fact]
    public async Task Without_its_own_network_it_shares_the_nodes_but_cannot_change_it()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var result = await workload.RunAsync("net", "ls /sys 2>/dev/null | wc -l; ip link set lo down 2>/dev/null && echo DOWN; echo ok");
        Assert.Equal(["0", "ok"], Lines(result.Stdout));
    }

    [Fact]
    public async Task Exit_codes_and_signals_are_the_workloads()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        AssertExited(await workload.RunAsync("three", "exit 3"), 3);
        var killed = await workload.RunAsync("self-kill", "kill -SEGV $$");
        Assert.Equal(ExecutableStatus.Types.State.Signaled, killed.Final.State);
        Assert.Equal(11, killed.Final.Signal);
    }

    [Fact]
    public async Task Stop_delivers_the_signal_to_the_workload_through_its_init()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        await workload.StartAsync(ExecutablesTestSupport.Program("sleeper", workload.BusyboxPath, "sleep", "100"));
        var status = await workload.Supervisor.StopAsync(ExecutablesTestSupport.TestCell, "sleeper", 15, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(ExecutableStatus.Types.State.Signaled, status.State);
        Assert.Equal(15, status.Signal);
    }

    [Fact]
    public async Task A_workload_that_ignores_the_signal_is_killed_with_its_namespace()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        await workload.StartAsync(ExecutablesTestSupport.Program("stubborn", workload.BusyboxPath, "sh", "-c", "trap '' TERM; sleep 100 & wait"));
        await Task.Delay(200);
        var status = await workload.Supervisor.StopAsync(ExecutablesTestSupport.TestCell, "stubborn", 15, TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.Equal(ExecutableStatus.Types.State.Signaled, status.State);
        Assert.Equal(9, status.Signal);
    }

    [Fact]
    public async Task Artifacts_are_bound_read_only_where_asked()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        await workload.Artifacts.PushAsync("config", "greeting=hello\n"u8.ToArray());
        var result = await workload.RunAsync("reader", "cat /etc/app/config; echo x >> /etc/app/config 2>/dev/null && echo WROTE; /bin/sh -c 'echo via-sh'",
            adjust: e =>
            {
                e.Artifacts.Add(new ArtifactBinding { Artifact = "config", Path = "/etc/app/config" });
                e.Artifacts.Add(new ArtifactBinding { Artifact = "busybox", Path = "/bin/sh" });
            });
        Assert.Equal(["greeting=hello", "via-sh"], Lines(result.Stdout));
    }

    [Theory]
    [InlineData("/proc/x", "inside /proc")]
    [InlineData("/dev/sda", "inside /dev")]
    [InlineData("relative", "absolute")]
    [InlineData("/a/../b", "normalised")]
    [InlineData("/", "absolute path to a file")]
    public async Task A_binding_outside_the_rules_is_InvalidArgument(string path, string expected)
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var executable = ExecutablesTestSupport.Program("bad", workload.BusyboxPath, "true");
        executable.Artifacts.Add(new ArtifactBinding { Artifact = "busybox", Path = path });
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => workload.StartAsync(executable)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(expected, error.Status.Detail);
        Assert.Contains("executable.artifacts[0].path", error.Status.Detail);
    }

    [Fact]
    public async Task An_unknown_artifact_or_an_unbound_program_is_NotFound()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var missing = ExecutablesTestSupport.Program("missing", "/bin/tool");
        missing.Artifacts.Add(new ArtifactBinding { Artifact = "no-such", Path = "/bin/tool" });
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => workload.StartAsync(missing)));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("no artifact named 'no-such'", error.Status.Detail);

        var unbound = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => workload.StartAsync(ExecutablesTestSupport.Program("unbound", "/bin/busybox", "true"))));
        Assert.Equal(StatusCode.NotFound, unbound.StatusCode);
        Assert.Contains("not in the workload's root", unbound.Status.Detail);
    }

    [Fact]
    public async Task A_uid_outside_the_cell_is_InvalidArgument()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var executable = ExecutablesTestSupport.Program("outsider", workload.BusyboxPath, "true");
        executable.Uid = 70000;
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => workload.StartAsync(executable)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("uid 70000 is not one of the cell's ids (0-65535)", error.Status.Detail);
    }

    [Fact]
    public async Task A_published_port_reaches_a_server_in_its_own_network_and_closes_with_it()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var nodePort = FreePort.Next();
        var server = ExecutablesTestSupport.Program("httpd", workload.BusyboxPath, "sh", "-c",
            "mkdir /tmp/www && echo hello from the cell > /tmp/www/index.html && exec httpd -f -p 127.0.0.1:8000 -h /tmp/www");
        server.Ports.Add(new PublishedPort { NodePort = (uint)nodePort, Port = 8000 });
        await workload.StartAsync(server, ownNetwork: true);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? body = null;
        for (var attempt = 0; attempt < 50 && body is null; attempt++)
        {
            try
            {
                body = await http.GetStringAsync($"http://127.0.0.1:{nodePort}/index.html");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100); // httpd not listening yet: the forwarder closes the connection
            }
        }
        Assert.Equal("hello from the cell\n", body);

        await workload.Supervisor.StopAsync(ExecutablesTestSupport.TestCell, "httpd", 15, TimeSpan.FromSeconds(5), CancellationToken.None);
        // The node port is free again once the workload has ended.
        for (var attempt = 0; attempt < 50 && !IsFree(nodePort); attempt++)
            await Task.Delay(100);
        Assert.True(IsFree(nodePort), $"node port {nodePort} still taken after the workload ended");
    }

    [Fact]
    public async Task Ports_need_its_own_network_a_free_node_port_and_no_duplicates()
    {
        await using var workload = await IsolatedWorkload.CreateAsync();
        var shared = ExecutablesTestSupport.Program("shared", workload.BusyboxPath, "true");
        shared.Ports.Add(new PublishedPort { NodePort = (uint)FreePort.Next(), Port = 80 });
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => workload.StartAsync(shared)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("isolate_network", error.Status.Detail);

        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        taken.Start();
        var takenPort = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var clash = ExecutablesTestSupport.Program("clash", workload.BusyboxPath, "true");
        clash.Ports.Add(new PublishedPort { NodePort = (uint)takenPort, Port = 80 });
        error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => workload.StartAsync(clash, ownNetwork: true)));
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains($"node port {takenPort} is already in use", error.Status.Detail);

        var twice = ExecutablesTestSupport.Program("twice", workload.BusyboxPath, "true");
        var port = (uint)FreePort.Next();
        twice.Ports.Add(new PublishedPort { NodePort = port, Port = 80 });
        twice.Ports.Add(new PublishedPort { NodePort = port, Port = 81 });
        error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => workload.StartAsync(twice, ownNetwork: true)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("published twice", error.Status.Detail);
        // A refused start leaves the name free for the next attempt.
        twice.Ports.RemoveAt(1);
        await workload.StartAsync(twice, ownNetwork: true);
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, port);
            probe.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToArray();

    private static void AssertExited(ExecutablesTestSupport.Collected result, int code)
    {
        Assert.True(result.Final.State == ExecutableStatus.Types.State.Exited, $"{result.Final} stderr: {result.Stderr}");
        Assert.Equal(code, result.Final.ExitCode);
    }
}
