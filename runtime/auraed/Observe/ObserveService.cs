using Aurae.Api.Observe.V0;
using Grpc.Core;

namespace Aurae.Daemon.Observe;

/// <summary>aurae.observe.v0.ObserveService: the daemon's and the kernel's logs as streams, and cell figures.</summary>
public sealed class ObserveService(KernelLogReader kernelLog, CellStatsReader cellStats) : Aurae.Api.Observe.V0.ObserveService.ObserveServiceBase
{
    // Aurae's daemon log stream follows; ours lets a client ask for the backlog alone.
    public override Task GetAuraeDaemonLogStream(GetAuraeDaemonLogStreamRequest request,
        IServerStreamWriter<LogItem> responseStream, ServerCallContext context) =>
        CopyAsync(DaemonLog.Journal, !request.HasFollow || request.Follow, responseStream, context.CancellationToken);

    public override Task GetKernelLogStream(GetKernelLogStreamRequest request,
        IServerStreamWriter<LogItem> responseStream, ServerCallContext context) =>
        CopyAsync(kernelLog.Journal, request.Follow, responseStream, context.CancellationToken);

    public override Task<GetCellStatsResponse> GetCellStats(GetCellStatsRequest request, ServerCallContext context) =>
        Task.FromResult(cellStats.Read(request.CellName));

    private static async Task CopyAsync(LogJournal journal, bool follow, IServerStreamWriter<LogItem> responseStream,
        CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var entry in journal.ReadAsync(follow, cancellationToken))
                await responseStream.WriteAsync(new LogItem { Channel = entry.Channel, Line = entry.Line, Timestamp = entry.TimestampMs },
                    cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: a normal end of a followed stream.
        }
    }
}
