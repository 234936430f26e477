using Aurae.Api.Cells.V0;
using Aurae.Daemon.Executables;
using Aurae.Daemon.Tests.Hosting;
using Grpc.Core;
using State = Aurae.Api.Cells.V0.ExecutableStatus.Types.State;
using static Aurae.Daemon.Tests.Executables.ExecutablesTestSupport;

namespace Aurae.Daemon.Tests.Executables;

/// <summary>The daemon starts ended workloads again as their restart policy says, with back-off, until stopped.</summary>
[Collection(ExecutablesCollection.Name)]
public sealed class RestartPolicyTests : IDisposable
{
    // Short enough for a test, long enough to catch a restart while it is pending.
    private static readonly RestartBackOff Quick = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));

    private readonly ExecutableSupervisor _supervisor = new(SharedReaper.Instance, backOff: Quick);
    private int _prepared;

    public void Dispose()
    {
        _supervisor.ForgetCell(TestCell);
        _supervisor.Dispose();
    }

    [Theory]
    [InlineData(RestartPolicy.OnFailure, "exit 3", true)]
    [InlineData(RestartPolicy.OnFailure, "kill -9 $$", true)]
    [InlineData(RestartPolicy.OnFailure, "exit 0", false)]
    [InlineData(RestartPolicy.Always, "exit 0", true)]
    [InlineData(RestartPolicy.Never, "exit 3", false)]
    public async Task A_workload_starts_again_as_its_policy_says(RestartPolicy policy, string command, bool restarts)
    {
        var spec = Shell("svc", command);
        spec.Restart = policy;
        await StartAsync(spec);
        if (restarts)
        {
            var status = await UntilAsync(s => s.Restarts >= 2);
            Assert.Equal(spec, status.Spec);
            Assert.True(_prepared >= 3, $"each run is prepared afresh ({_prepared})");
        }
        else
        {
            await _supervisor.WaitForEndAsync(TestCell, "svc", default);
            await Task.Delay(Quick.Longest * 2);
            var status = _supervisor.Status(TestCell, "svc");
            Assert.Equal(0u, status.Restarts);
            Assert.Equal(0, status.RestartAtMs);
            Assert.Equal(1, _prepared);
        }
    }

    [Fact]
    public async Task A_pending_restart_is_reported_and_stop_cancels_it()
    {
        var spec = Shell("loop", "exit 1");
        spec.Restart = RestartPolicy.Always;
        await StartAsync(spec);
        var pending = await UntilAsync(s => s.State != State.Running && s.RestartAtMs > 0);
        Assert.Equal(State.Exited, pending.State);

        var stopped = await _supervisor.StopAsync(TestCell, "loop", ExecutableSupervisor.SIGTERM, TimeSpan.FromSeconds(5), default);
        await Task.Delay(Quick.Longest * 3);
        var status = _supervisor.Status(TestCell, "loop");
        Assert.Equal(stopped.Restarts, status.Restarts);
        Assert.Equal(0, status.RestartAtMs);
        Assert.NotEqual(State.Running, status.State);
    }

    [Fact]
    public async Task A_running_workload_stopped_is_not_restarted_even_on_failure()
    {
        var spec = Shell("daemon", "sleep 30");
        spec.Restart = RestartPolicy.OnFailure;
        await StartAsync(spec);
        var stopped = await _supervisor.StopAsync(TestCell, "daemon", ExecutableSupervisor.SIGTERM, TimeSpan.FromSeconds(5), default);
        Assert.Equal(State.Signaled, stopped.State);
        await Task.Delay(Quick.Longest * 2);
        Assert.Equal(0u, _supervisor.Status(TestCell, "daemon").Restarts);
        Assert.Equal(1, _prepared);
    }

    [Fact]
    public async Task Short_runs_in_a_row_double_the_wait_up_to_the_longest()
    {
        var spec = Shell("crash", "exit 2");
        spec.Restart = RestartPolicy.OnFailure;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await StartAsync(spec);
        var status = await UntilAsync(s => s.Restarts >= 5, TimeSpan.FromSeconds(20));
        // Five waits: 100, 200, then 400 ms each (the longest) at least, however fast sh exits.
        var waits = Enumerable.Range(1, 5).Select(Quick.Delay).Aggregate(TimeSpan.Zero, (sum, delay) => sum + delay);
        Assert.True(clock.Elapsed >= waits, $"{status.Restarts} restarts in {clock.Elapsed}, less than the back-off's {waits}");
        Assert.True(status.Restarts >= 5);
        Assert.Equal([Quick.First, Quick.First * 2, Quick.Longest, Quick.Longest], [Quick.Delay(1), Quick.Delay(2), Quick.Delay(3), Quick.Delay(9)]);
        Assert.Equal(0, Quick.ShortRuns(4, TimeSpan.FromSeconds(11)));
        Assert.Equal(5, Quick.ShortRuns(4, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_restart_that_cannot_start_is_tried_again()
    {
        var spec = Shell("flaky", "exit 1");
        spec.Restart = RestartPolicy.Always;
        var failures = 0;
        await _supervisor.StartAsync(TestCell, spec, ct =>
        {
            // The second preparation fails, as a container's would with its image removed.
            if (Interlocked.Increment(ref _prepared) == 2 && Interlocked.Increment(ref failures) == 1)
                throw new IOException("not now");
            return Task.FromResult(new WorkloadLaunch(null, spec, null, null, ""));
        }, default);
        var status = await UntilAsync(s => s.Restarts >= 1);
        Assert.Equal(1, failures);
        Assert.True(_prepared >= 3);
        Assert.Equal("flaky", status.ExecutableName);
    }

    [Fact]
    public async Task Remove_forgets_an_ended_workload_and_its_pending_restart_but_refuses_a_running_one()
    {
        var running = Shell("busy", "sleep 30");
        await StartAsync(running);
        var refused = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => Task.FromResult(_supervisor.Remove(TestCell, "busy"))));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("stop it first", refused.Status.Detail);
        await _supervisor.StopAsync(TestCell, "busy", ExecutableSupervisor.SIGTERM, TimeSpan.FromSeconds(5), default);
        Assert.Equal(State.Signaled, _supervisor.Remove(TestCell, "busy").State);
        Assert.DoesNotContain(_supervisor.List(TestCell), s => s.ExecutableName == "busy");

        var looping = Shell("busy", "exit 1");
        looping.Restart = RestartPolicy.Always;
        await StartAsync(looping);
        await UntilAsync(s => s.RestartAtMs > 0);
        _supervisor.Remove(TestCell, "busy");
        await Task.Delay(Quick.Longest * 3);
        Assert.Empty(_supervisor.List(TestCell));
        var missing = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => Task.FromResult(_supervisor.Remove(TestCell, "busy"))));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_forgotten_cell_ends_the_restarts()
    {
        var spec = Shell("gone", "exit 1");
        spec.Restart = RestartPolicy.Always;
        await StartAsync(spec);
        await UntilAsync(s => s.RestartAtMs > 0);
        _supervisor.ForgetCell(TestCell);
        await Task.Delay(Quick.Longest * 3);
        Assert.Empty(_supervisor.List(TestCell));
    }

    [Fact]
    public async Task A_restarting_workload_never_vanishes_from_list_or_status()
    {
        var spec = Shell("blink", "exit 1");
        spec.Restart = RestartPolicy.Always;
        await StartAsync(spec);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        uint restarts = 0;
        while (restarts < 4 && DateTime.UtcNow < deadline)
        {
            // Between a restart taking the name and its process starting, the ended run stands in.
            var listed = Assert.Single(_supervisor.List(TestCell));
            restarts = Math.Max(restarts, listed.Restarts);
            Assert.Equal("blink", _supervisor.Status(TestCell, "blink").ExecutableName);
        }
        Assert.True(restarts >= 4, $"{restarts} restarts in 10 s");
    }

    [Fact]
    public async Task A_stop_while_a_restart_is_prepared_abandons_it()
    {
        var spec = Shell("slow", "exit 1");
        spec.Restart = RestartPolicy.Always;
        using var preparing = new SemaphoreSlim(0);
        using var proceed = new SemaphoreSlim(0);
        await _supervisor.StartAsync(TestCell, spec, async _ =>
        {
            // The restart's preparation (a container's root, say) takes its time; the stop comes meanwhile.
            if (Interlocked.Increment(ref _prepared) == 2)
            {
                preparing.Release();
                await proceed.WaitAsync();
            }
            return new WorkloadLaunch(null, spec, null, null, "");
        }, default);
        Assert.True(await preparing.WaitAsync(TimeSpan.FromSeconds(10)), "the restart was never prepared");
        var stopped = await _supervisor.StopAsync(TestCell, "slow", ExecutableSupervisor.SIGTERM, TimeSpan.FromSeconds(5), default);
        proceed.Release();
        await Task.Delay(Quick.Longest * 2);
        var status = _supervisor.Status(TestCell, "slow");
        Assert.Equal(0u, status.Restarts);
        Assert.Equal(stopped.Pid, status.Pid);
        Assert.Equal(State.Exited, status.State);
        Assert.Equal(0, status.RestartAtMs);
    }

    [Fact]
    public async Task A_workload_that_keeps_restarting_is_not_evicted_as_ended()
    {
        using var supervisor = new ExecutableSupervisor(SharedReaper.Instance, maxEnded: 0, backOff: Quick);
        var spec = Shell("kept", "exit 1");
        spec.Restart = RestartPolicy.Always;
        await supervisor.StartAsync(TestCell, spec, _ => Task.FromResult(new WorkloadLaunch(null, spec, null, null, "")), default);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (supervisor.List(TestCell) is [{ Restarts: < 3 }] && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.True(Assert.Single(supervisor.List(TestCell)).Restarts >= 3);
        supervisor.ForgetCell(TestCell);
    }

    [Fact]
    public async Task An_unknown_policy_is_refused()
    {
        var spec = Shell("odd", "true");
        spec.Restart = (RestartPolicy)7;
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => StartAsync(spec)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("executable.restart", error.Status.Detail);
        Assert.Equal(0, _prepared);
    }

    private Task<ExecutableStatus> StartAsync(Executable spec) =>
        _supervisor.StartAsync(TestCell, spec, _ =>
        {
            Interlocked.Increment(ref _prepared);
            return Task.FromResult(new WorkloadLaunch(null, spec, null, null, ""));
        }, default);

    private async Task<ExecutableStatus> UntilAsync(Func<ExecutableStatus, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        ExecutableStatus? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var found = _supervisor.List(TestCell).FirstOrDefault();
            if (found is not null && condition(last = found))
                return found;
            await Task.Delay(20);
        }
        throw new TimeoutException($"not reached in time; last status: {last}");
    }
}
