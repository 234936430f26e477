using System.Diagnostics;
using Aurae.Api.Cells.V0;
using Aurae.Daemon.Executables;
using Xunit.Abstractions;
using static Aurae.Daemon.Tests.Executables.ExecutablesTestSupport;
using State = Aurae.Api.Cells.V0.ExecutableStatus.Types.State;

namespace Aurae.Daemon.Tests.Executables;

[Collection(ExecutablesCollection.Name)]
public sealed class ExecutableLifecycleTests(ITestOutputHelper output) : IDisposable
{
    private readonly ExecutableSupervisor _supervisor = NewSupervisor();

    [Fact]
    public async Task Captures_stdout_and_stderr_and_the_exit_code()
    {
        var started = await _supervisor.StartAsync(TestCell, null, Shell("hi", "echo hi; echo err >&2; exit 3"), default);
        Assert.True(started.Pid > 0);
        Assert.True(started.StartedAtMs > 0);

        var collected = await CollectAsync(_supervisor, "hi");
        Assert.Equal("hi\n", collected.Stdout);
        Assert.Equal("err\n", collected.Stderr);
        Assert.Equal(State.Exited, collected.Final.State);
        Assert.Equal(3, collected.Final.ExitCode);
        Assert.Equal(started.Pid, collected.Final.Pid);
        Assert.True(collected.Final.EndedAtMs >= collected.Final.StartedAtMs);
        Assert.Equal(State.Exited, _supervisor.Status(TestCell, "hi").State);
    }

    [Fact]
    public async Task Reports_a_process_killed_by_a_signal()
    {
        await _supervisor.StartAsync(TestCell, null, Shell("killed", "kill -9 $$"), default);
        var ended = await _supervisor.WaitForEndAsync(TestCell, "killed", default).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(State.Signaled, ended.State);
        Assert.Equal(9, ended.Signal);
    }

    [Fact]
    public async Task Runs_argv_with_exactly_the_given_environment_and_working_directory()
    {
        var env = Program("env", "/usr/bin/env");
        env.Environment["GREETING"] = "hello world";
        await _supervisor.StartAsync(TestCell, null, env, default);
        Assert.Equal("GREETING=hello world\nPATH=/bin:/usr/bin:/sbin:/usr/sbin\n", (await CollectAsync(_supervisor, "env")).Stdout);

        var pwd = Program("pwd", "/bin/sh", "-c", "pwd; echo $PATH");
        pwd.WorkingDirectory = "/tmp";
        pwd.Environment["PATH"] = "/custom";
        await _supervisor.StartAsync(TestCell, null, pwd, default);
        Assert.Equal("/tmp\n/custom\n", (await CollectAsync(_supervisor, "pwd")).Stdout);
    }

    [Fact]
    public async Task Switches_to_the_requested_uid_and_gid_and_drops_supplementary_groups()
    {
        if (Environment.UserName != "root")
            return; // only root may switch; the daemon runs as root
        var id = Program("id", "/bin/sh", "-c", "id -u; id -g; id -G");
        id.Uid = 65534;
        id.Gid = 65534;
        await _supervisor.StartAsync(TestCell, null, id, default);
        Assert.Equal("65534\n65534\n65534\n", (await CollectAsync(_supervisor, "id")).Stdout);
    }

    [Fact]
    public async Task Starts_with_default_signal_dispositions_and_an_empty_mask()
    {
        // The .NET runtime ignores SIGPIPE and blocks signals in its threads: none of it may leak.
        await _supervisor.StartAsync(TestCell, null, Program("signals", "/bin/sh", "-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status"), default);
        var collected = await CollectAsync(_supervisor, "signals");
        Assert.Equal("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n", collected.Stdout);
    }

    [Fact]
    public async Task Follow_streams_lines_as_they_are_printed_and_ends_with_the_final_status()
    {
        await _supervisor.StartAsync(TestCell, null, Shell("ticker", "for i in 1 2 3; do echo line$i; sleep 0.3; done"), default);
        var received = new List<(string Text, State StateThen)>();
        global::Aurae.Api.Cells.V0.ExecutableStatus? final = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var chunk in _supervisor.ReadOutputAsync(TestCell, "ticker", follow: true, timeout.Token))
        {
            if (chunk.FinalStatus is not null)
                final = chunk.FinalStatus;
            else
                received.Add((chunk.Data.ToStringUtf8(), _supervisor.Status(TestCell, "ticker").State));
        }
        Assert.Equal("line1\nline2\nline3\n", string.Concat(received.Select(r => r.Text)));
        Assert.True(received.Count >= 3, "each line arrives as it is printed");
        Assert.Equal(State.Running, received[0].StateThen);
        Assert.NotNull(final);
        Assert.Equal(State.Exited, final.State);
        Assert.Equal(0, final.ExitCode);
    }

    [Fact]
    public async Task Without_follow_returns_what_is_buffered_and_ends()
    {
        await _supervisor.StartAsync(TestCell, null, Shell("long", "echo first; sleep 30"), default);
        await Task.Delay(300);
        var chunks = new List<global::Aurae.Api.Executables.V0.OutputChunk>();
        await foreach (var chunk in _supervisor.ReadOutputAsync(TestCell, "long", follow: false, default))
            chunks.Add(chunk);
        Assert.Equal("first\n", Assert.Single(chunks).Data.ToStringUtf8());
        var stopped = await _supervisor.StopAsync(TestCell, "long", 9, TimeSpan.Zero, default);
        Assert.Equal(State.Signaled, stopped.State);
    }

    [Fact]
    public async Task A_fast_producer_nobody_reads_keeps_memory_bounded_and_counts_dropped_bytes()
    {
        const long produced = 50_000_000;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await _supervisor.StartAsync(TestCell, null, Shell("yes", $"yes | head -c {produced}"), default);
        var ended = await _supervisor.WaitForEndAsync(TestCell, "yes", default).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, ended.ExitCode);
        var heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - before;

        var collected = await CollectAsync(_supervisor, "yes");
        Assert.Equal(OutputBuffer.DefaultCapacity, collected.Stdout.Length);
        Assert.Equal((ulong)(produced - OutputBuffer.DefaultCapacity), collected.DroppedBytes);
        Assert.Equal((ulong)(produced - OutputBuffer.DefaultCapacity), collected.Final.StdoutDroppedBytes);
        output.WriteLine($"heap growth while 50 MB went through: {heapGrowth / 1024} KiB");
        Assert.True(heapGrowth < 8 * 1024 * 1024, $"heap grew by {heapGrowth} bytes");
    }

    [Fact]
    public async Task Sequential_starts_leave_no_zombies()
    {
        const int count = 200;
        var pids = new List<int>();
        var spawning = new Stopwatch();
        for (var i = 0; i < count; i++)
        {
            spawning.Start();
            var started = await _supervisor.StartAsync(TestCell, null, Program($"true{i}", "/bin/true"), default);
            spawning.Stop();
            pids.Add(started.Pid);
            var ended = await _supervisor.WaitForEndAsync(TestCell, $"true{i}", default).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(State.Exited, ended.State);
        }
        output.WriteLine($"one start of /bin/true: {spawning.Elapsed.TotalMicroseconds / count:F0} µs on average");
        foreach (var pid in pids)
            Assert.False(IsOurZombie(pid), $"pid {pid} is a zombie");
    }

    private static bool IsOurZombie(int pid)
    {
        string status;
        try
        {
            status = File.ReadAllText($"/proc/{pid}/status");
        }
        catch (IOException)
        {
            return false; // gone: reaped
        }
        // The pid may have been reused by an unrelated process; only our own dead child counts.
        return status.Contains("State:\tZ") && status.Contains($"PPid:\t{Environment.ProcessId}\n");
    }

    public void Dispose() => _supervisor.Dispose();
}
