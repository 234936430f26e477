using Aurae.Api.Cells.V0;

namespace Aurae.Daemon.Executables;

/// <summary>
/// What the supervisor keeps of a workload across its runs: the request as given (reported back
/// so a client can compare it with what it wants), its restart policy, how to prepare a run
/// again (null: it cannot be restarted), the image digest of this run, and the count of restarts
/// and of short runs in a row (for the back-off).
/// </summary>
internal sealed record Supervision(Executable Spec, RestartPolicy Policy, Func<CancellationToken, Task<WorkloadLaunch>>? Prepare,
    string ImageDigest, uint Restarts, int ShortRuns)
{
    /// <summary>A workload started once, as given, never again.</summary>
    public static Supervision Once(Executable executable) => new(executable, RestartPolicy.Never, null, "", 0, 0);
}
