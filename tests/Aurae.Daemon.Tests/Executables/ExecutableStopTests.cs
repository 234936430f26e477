using System.Diagnostics;
using Aurae.Daemon.Executables;
using static Aurae.Daemon.Tests.Executables.ExecutablesTestSupport;
using State = Aurae.Api.Cells.V0.ExecutableStatus.Types.State;

namespace Aurae.Daemon.Tests.Executables;

[Collection(ExecutablesCollection.Name)]
public sealed class ExecutableStopTests : IDisposable
{
    private readonly ExecutableSupervisor _supervisor = NewSupervisor();

    [Fact]
    public async Task A_process_that_handles_the_signal_ends_its_own_way_within_the_grace_period()
    {
        await StartReadyAsync("trapper", "trap 'echo bye; exit 7' TERM; echo ready; while :; do sleep 0.1; done");
        var clock = Stopwatch.StartNew();
        var stopped = await _supervisor.StopAsync(TestCell, "trapper", ExecutableSupervisor.SIGTERM, TimeSpan.FromSeconds(10), default);
        Assert.Equal(State.Exited, stopped.State);
        Assert.Equal(7, stopped.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Contains("bye", (await CollectAsync(_supervisor, "trapper")).Stdout);
    }

    [Fact]
    public async Task Stop_returns_once_what_the_workload_held_is_released()
    {
        // A container's root takes a while to unmount and delete; a stop's caller (apply, about to
        // start the next run on the same ports and image) must find it released.
        var root = new SlowResource(TimeSpan.FromMilliseconds(300));
        await _supervisor.StartAsync(TestCell, null, Shell("holder", "sleep 30"), null, default, root);
        await _supervisor.StopAsync(TestCell, "holder", ExecutableSupervisor.SIGTERM, TimeSpan.FromSeconds(10), default);
        Assert.True(root.Released, "stop returned before the workload's resources were released");
    }

    [Fact]
    public async Task A_freed_cell_is_released_once_its_workloads_let_go_of_what_they_held()
    {
        var root = new SlowResource(TimeSpan.FromMilliseconds(300));
        var started = await _supervisor.StartAsync("freed-cell", null, Shell("holder", "sleep 30"), null, default, root);
        _supervisor.ForgetCell("freed-cell");
        // What freeing does between the two: the cell's processes are killed.
        Process.GetProcessById(started.Pid).Kill();
        await _supervisor.CellReleasedAsync("freed-cell", TimeSpan.FromSeconds(10));
        Assert.True(root.Released, "the freed cell was reported released before its workload's resources were");
    }

    private sealed class SlowResource(TimeSpan takes) : IAsyncDisposable
    {
        public bool Released { get; private set; }

        public async ValueTask DisposeAsync()
        {
            await Task.Delay(takes);
            Released = true;
        }
    }

    [Fact]
    public async Task A_process_without_a_handler_dies_of_the_signal()
    {
        await StartReadyAsync("plain", "echo ready; while :; do sleep 0.1; done");
        var stopped = await _supervisor.StopAsync(TestCell, "plain", ExecutableSupervisor.SIGTERM, TimeSpan.FromSeconds(10), default);
        Assert.Equal(State.Signaled, stopped.State);
        Assert.Equal(ExecutableSupervisor.SIGTERM, stopped.Signal);
    }

    [Fact]
    public async Task A_process_that_ignores_the_signal_is_killed_after_the_grace_period()
    {
        await StartReadyAsync("stubborn", "trap '' TERM; echo ready; while :; do sleep 0.1; done");
        var grace = TimeSpan.FromMilliseconds(400);
        var clock = Stopwatch.StartNew();
        var stopped = await _supervisor.StopAsync(TestCell, "stubborn", ExecutableSupervisor.SIGTERM, grace, default);
        // The grace is waited with a timer, whose tick (about 1 ms) may end it just before the
        // stopwatch says 400 ms (a run here saw it): a kill without the wait would take ~0 ms.
        Assert.True(clock.Elapsed >= grace - TimeSpan.FromMilliseconds(15), $"killed after {clock.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(State.Signaled, stopped.State);
        Assert.Equal(9, stopped.Signal);
    }

    [Fact]
    public async Task Stopping_an_ended_executable_returns_how_it_ended()
    {
        await _supervisor.StartAsync(TestCell, null, Shell("done", "exit 4"), default);
        await _supervisor.WaitForEndAsync(TestCell, "done", default).WaitAsync(TimeSpan.FromSeconds(10));
        var stopped = await _supervisor.StopAsync(TestCell, "done", ExecutableSupervisor.SIGTERM, TimeSpan.FromSeconds(1), default);
        Assert.Equal(State.Exited, stopped.State);
        Assert.Equal(4, stopped.ExitCode);
    }

    // Waits until the shell has installed its trap (it says "ready" after) before signalling.
    private async Task StartReadyAsync(string name, string command)
    {
        await _supervisor.StartAsync(TestCell, null, Shell(name, command), default);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var chunk in _supervisor.ReadOutputAsync(TestCell, name, follow: true, timeout.Token))
            if (chunk.Data.ToStringUtf8().Contains("ready"))
                return;
        Assert.Fail($"{name} never said ready");
    }

    public void Dispose() => _supervisor.Dispose();
}
