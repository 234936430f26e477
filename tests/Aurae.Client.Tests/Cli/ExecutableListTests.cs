using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;
using Aurae.Cli.Commands;

namespace Aurae.Client.Tests.Cli;

/// <summary>`aurae ps`: restarts counted, a pending restart said.</summary>
public sealed class ExecutableListTests
{
    [Fact]
    public void A_workload_its_policy_restarts_shows_its_restarts_and_that_it_is_restarting()
    {
        var text = ExecutableCommands.RenderList(new ListResponse
        {
            Executables =
            {
                new ExecutableStatus { CellName = "web", ExecutableName = "crasher", Pid = 42, State = ExecutableStatus.Types.State.Exited, ExitCode = 3, Restarts = 4, RestartAtMs = 1 },
                new ExecutableStatus { CellName = "web", ExecutableName = "httpd", Pid = 7, State = ExecutableStatus.Types.State.Running },
            },
        });
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^CELL +NAME +PID +STATUS +RESTARTS +STARTED$", lines[0]);
        Assert.Matches(@"^web +crasher +42 +exited 3, restarting +4 +-$", lines[1]);
        Assert.Matches(@"^web +httpd +7 +running +0 +-$", lines[2]);
    }
}
