using System.Diagnostics;
using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;
using Grpc.Core;

namespace Aurae.Cli.Apply;

/// <summary>
/// Watches the workloads apply started on a node for a while (the settle time): one that fails
/// meanwhile (ends non-zero or by a signal, or is being restarted by its policy) means the node
/// did not converge, so a rolling change stops there instead of spreading a broken version. A
/// workload that ends with 0 and stays ended is a job that ran.
/// </summary>
internal static class SettleWatch
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task WatchAsync(CallInvoker node, IReadOnlyList<WorkloadChange> started, TimeSpan settle, CancellationToken cancellationToken)
    {
        if (started.Count == 0 || settle <= TimeSpan.Zero)
            return;
        var executables = new ExecutableService.ExecutableServiceClient(node);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (var change in started)
            {
                var status = await executables.StatusAsync(new StatusRequest { CellName = change.Cell, ExecutableName = change.WorkloadName },
                    cancellationToken: cancellationToken);
                if (Failure(status) is { } failure)
                    throw new WorkloadFailedException(change, $"{failure} within {clock.Elapsed.TotalSeconds:0.0} s of its start");
            }
            if (clock.Elapsed >= settle)
                return;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Why a freshly started workload counts as failed, or null while it is well.</summary>
    public static string? Failure(ExecutableStatus status) => status switch
    {
        // Restarted between two looks: it ended, and its policy started it again.
        { Restarts: > 0 } => $"restarted {status.Restarts} time{(status.Restarts == 1 ? "" : "s")} by its policy",
        { State: ExecutableStatus.Types.State.Exited, ExitCode: not 0 } or { State: ExecutableStatus.Types.State.Signaled } =>
            ExitCodes.Describe(status) + (status.RestartAtMs > 0 ? ", restarting" : ""),
        { RestartAtMs: > 0 } => $"{ExitCodes.Describe(status)}, restarting",
        _ => null,
    };
}
