using Aurae.Api.Cells.V0;

namespace Aurae.Cli;

/// <summary>How a remote executable's end becomes this command's exit code, as a shell reports it.</summary>
internal static class ExitCodes
{
    /// <summary>Exited: its code; signalled: 128 + the signal (as sh does: SIGKILL gives 137).</summary>
    public static int From(ExecutableStatus status) => status.State switch
    {
        ExecutableStatus.Types.State.Exited => status.ExitCode,
        ExecutableStatus.Types.State.Signaled => 128 + status.Signal,
        _ => throw new InvalidOperationException($"'{status.ExecutableName}' has not ended (state {status.State})"),
    };

    /// <summary>Several nodes: 0 when all succeeded, else the first non-zero code in node order.</summary>
    public static int Combine(IEnumerable<int> codes) => codes.FirstOrDefault(code => code != 0);

    /// <summary>"exited 3", "killed by signal 9", "running".</summary>
    public static string Describe(ExecutableStatus status) => status.State switch
    {
        ExecutableStatus.Types.State.Exited => $"exited {status.ExitCode}",
        ExecutableStatus.Types.State.Signaled => $"killed by signal {status.Signal}",
        ExecutableStatus.Types.State.Running => "running",
        _ => "unknown",
    };
}
