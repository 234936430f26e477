using Aurae.Api.Cells.V0;
using Aurae.Cli;

namespace Aurae.Client.Tests.Cli;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData(ExecutableStatus.Types.State.Exited, 0, 0, 0)]
    [InlineData(ExecutableStatus.Types.State.Exited, 3, 0, 3)]
    [InlineData(ExecutableStatus.Types.State.Signaled, 0, 9, 137)]
    [InlineData(ExecutableStatus.Types.State.Signaled, 0, 15, 143)]
    public void Exits_give_their_code_and_signals_128_plus_the_signal(ExecutableStatus.Types.State state, int exitCode, int signal, int expected) =>
        Assert.Equal(expected, ExitCodes.From(new ExecutableStatus { State = state, ExitCode = exitCode, Signal = signal }));

    [Fact]
    public void A_running_executable_has_no_exit_code() =>
        Assert.Throws<InvalidOperationException>(() => ExitCodes.From(new ExecutableStatus { State = ExecutableStatus.Types.State.Running }));

    [Theory]
    [InlineData(new[] { 0, 0, 0 }, 0)]
    [InlineData(new[] { 0, 3, 137 }, 3)]
    [InlineData(new[] { 137, 0 }, 137)]
    public void Several_nodes_exit_zero_only_when_all_did(int[] codes, int expected) => Assert.Equal(expected, ExitCodes.Combine(codes));
}
