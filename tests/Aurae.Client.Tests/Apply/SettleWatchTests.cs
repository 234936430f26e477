using Aurae.Api.Cells.V0;
using Aurae.Cli.Apply;
using State = Aurae.Api.Cells.V0.ExecutableStatus.Types.State;

namespace Aurae.Client.Tests.Apply;

/// <summary>What counts as a workload failing within apply's settle time.</summary>
public sealed class SettleWatchTests
{
    [Fact]
    public void Running_and_a_job_that_ended_well_are_fine()
    {
        Assert.Null(SettleWatch.Failure(new ExecutableStatus { State = State.Running }));
        Assert.Null(SettleWatch.Failure(new ExecutableStatus { State = State.Exited, ExitCode = 0 }));
    }

    [Fact]
    public void Ending_badly_being_restarted_or_having_been_restarted_fails()
    {
        Assert.Equal("exited 3", SettleWatch.Failure(new ExecutableStatus { State = State.Exited, ExitCode = 3 }));
        Assert.Equal("killed by signal 9", SettleWatch.Failure(new ExecutableStatus { State = State.Signaled, Signal = 9 }));
        Assert.Equal("exited 3, restarting", SettleWatch.Failure(new ExecutableStatus { State = State.Exited, ExitCode = 3, RestartAtMs = 1 }));
        Assert.Equal("exited 0, restarting", SettleWatch.Failure(new ExecutableStatus { State = State.Exited, ExitCode = 0, RestartAtMs = 1 }));
        Assert.Equal("restarted 2 times by its policy", SettleWatch.Failure(new ExecutableStatus { State = State.Running, Restarts = 2 }));
    }
}
