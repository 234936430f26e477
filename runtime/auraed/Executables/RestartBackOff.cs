using Aurae.Api.Cells.V0;

namespace Aurae.Daemon.Executables;

/// <summary>
/// When a workload that ended under a restart policy starts again: after <see cref="First"/>,
/// doubling with each short run in a row (one shorter than <see cref="StableRun"/>) up to
/// <see cref="Longest"/>, so a crash loop costs the node little; a run that lasted starts the
/// count again. The figures are Docker's and Kubernetes' in spirit, shortened at the start so a
/// service that crashed once is back within a second.
/// </summary>
public sealed record RestartBackOff
{
    public RestartBackOff(TimeSpan first, TimeSpan longest, TimeSpan stableRun)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(first, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(longest, first);
        ArgumentOutOfRangeException.ThrowIfLessThan(stableRun, TimeSpan.Zero);
        (First, Longest, StableRun) = (first, longest, stableRun);
    }

    public static RestartBackOff Default { get; } = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10));

    public TimeSpan First { get; }

    public TimeSpan Longest { get; }

    public TimeSpan StableRun { get; }

    /// <summary>Short runs in a row, counting the one that just ended (0 when it lasted).</summary>
    public int ShortRuns(int before, TimeSpan ranFor) => ranFor < StableRun ? before + 1 : 0;

    /// <summary>The wait before the next run, after <paramref name="shortRuns"/> short runs in a row.</summary>
    public TimeSpan Delay(int shortRuns)
    {
        var doublings = Math.Min(Math.Max(shortRuns - 1, 0), 30);
        var delay = First * Math.Pow(2, doublings);
        return delay < Longest ? delay : Longest;
    }

    /// <summary>Whether <paramref name="policy"/> starts again a workload that ended as <paramref name="ended"/> says (not stopped).</summary>
    public static bool Wants(RestartPolicy policy, ExecutableStatus ended) => policy switch
    {
        RestartPolicy.Always => true,
        RestartPolicy.OnFailure => !(ended.State == ExecutableStatus.Types.State.Exited && ended.ExitCode == 0),
        _ => false,
    };
}
