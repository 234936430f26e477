using Aurae.Api.Observe.V0;
using Aurae.Api.Executables.V0;
using Aurae.Daemon.Executables;
using Aurae.Daemon.Observe;
using Grpc.Core;

namespace Aurae.Daemon.Api;

/// <summary>aurae.observe.v0.ObserveService: the daemon's and the kernel's logs, executables' output by pid, and cell figures.</summary>
public sealed class ObserveService(KernelLogReader kernelLog, CellStatsReader cellStats, ExecutableSupervisor executables) : Aurae.Api.Observe.V0.ObserveService.ObserveServiceBase
{
    // Aurae's daemon log stream follows; ours lets a client ask for the backlog alone.
    public override Task GetAuraeDaemonLogStream(GetAuraeDaemonLogStreamRequest request,
        IServerStreamWriter<LogItem> responseStream, ServerCallContext context) =>
        CopyAsync(DaemonLog.Journal, !request.HasFollow || request.Follow, responseStream, context.CancellationToken);

    public override Task GetKernelLogStream(GetKernelLogStreamRequest request,
        IServerStreamWriter<LogItem> responseStream, ServerCallContext context) =>
        CopyAsync(kernelLog.Journal, request.Follow, responseStream, context.CancellationToken);

    /// <summary>Aurae's by-pid view of an executable's output: one channel, line by line, followed to the end.</summary>
    public override async Task GetSubProcessStream(GetSubProcessStreamRequest request, IServerStreamWriter<LogItem> responseStream,
        ServerCallContext context)
    {
        var (wanted, channelName) = request.ChannelType switch
        {
            LogChannelType.Stdout => (OutputChunk.Types.Channel.Stdout, "stdout"),
            LogChannelType.Stderr => (OutputChunk.Types.Channel.Stderr, "stderr"),
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "channel_type: STDOUT or STDERR")),
        };
        var executable = executables.List(null).FirstOrDefault(e => e.Pid == request.ProcessId)
                         ?? throw new RpcException(new Status(StatusCode.NotFound, $"no executable with pid {request.ProcessId}"));
        var partial = "";
        try
        {
            await foreach (var chunk in executables.ReadOutputAsync(executable.CellName, executable.ExecutableName, follow: true,
                               context.CancellationToken))
            {
                if (chunk.Channel != wanted)
                    continue;
                var lines = (partial + chunk.Data.ToStringUtf8()).Split('\n');
                partial = lines[^1];
                foreach (var line in lines[..^1])
                    await responseStream.WriteAsync(Item(channelName, line), context.CancellationToken);
            }
            if (partial.Length > 0)
                await responseStream.WriteAsync(Item(channelName, partial), context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
    }

    private static LogItem Item(string channel, string line) =>
        new() { Channel = channel, Line = line, Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };

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
