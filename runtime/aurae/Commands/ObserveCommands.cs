using Aurae.Contract.Syntax;
using System.CommandLine;
using System.Text;
using Aurae.Api.Observe.V0;
using Aurae.Cli.Syntax;
using Grpc.Core;

namespace Aurae.Cli.Commands;

/// <summary>`aurae dmesg`, `aurae daemon-logs`, `aurae stats`: ObserveService.</summary>
internal static class ObserveCommands
{
    public static Command Dmesg(CommandEnvironment environment)
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new kernel messages." };
        var dmesg = new Command("dmesg", "The kernel's log.") { follow };
        dmesg.SetAction((parse, cancellation) => StreamAsync(environment.OpenSession(parse),
            (client, token) => client.GetKernelLogStream(new GetKernelLogStreamRequest { Follow = parse.GetValue(follow) }, cancellationToken: token),
            cancellation));
        return dmesg;
    }

    public static Command DaemonLogs(CommandEnvironment environment)
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines." };
        var logs = new Command("daemon-logs", "auraed's own log.") { follow };
        logs.SetAction((parse, cancellation) => StreamAsync(environment.OpenSession(parse),
            (client, token) => client.GetAuraeDaemonLogStream(new GetAuraeDaemonLogStreamRequest { Follow = parse.GetValue(follow) }, cancellationToken: token),
            cancellation));
        return logs;
    }

    public static Command Stats(CommandEnvironment environment)
    {
        var cell = new Argument<string>("CELL") { Description = "The cell." };
        var stats = new Command("stats", "A cell's CPU, memory, process and OOM figures.") { cell };
        stats.SetAction((parse, cancellation) => NodeFanOut.UnaryAsync(environment.OpenSession(parse),
            async (channel, token) => await new ObserveService.ObserveServiceClient(channel)
                .GetCellStatsAsync(new GetCellStatsRequest { CellName = parse.GetValue(cell)! }, cancellationToken: token),
            RenderStats, cancellation));
        return stats;
    }

    public static string RenderStats(GetCellStatsResponse stats)
    {
        var text = new StringBuilder();
        text.AppendLine($"cell:           {stats.CellName}");
        text.AppendLine($"cpu time:       {TimeSpan.FromMicroseconds(stats.CpuUsageUsec).TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)} s");
        text.AppendLine($"memory:         {ByteSizeSyntax.FormatApproximately(stats.MemoryCurrentBytes)}");
        text.AppendLine($"memory peak:    {ByteSizeSyntax.FormatApproximately(stats.MemoryPeakBytes)}");
        text.AppendLine($"processes:      {stats.PidsCurrent}");
        text.AppendLine($"oom kills:      {stats.OomKills}");
        text.AppendLine($"oom events:     {stats.OomEvents}");
        return text.ToString();
    }

    private static async Task<int> StreamAsync(NodeSession session,
        Func<ObserveService.ObserveServiceClient, CancellationToken, AsyncServerStreamingCall<LogItem>> open, CancellationToken cancellation)
    {
        var results = await NodeFanOut.RunAsync(session, async (node, channel, token) =>
        {
            using var call = open(new ObserveService.ObserveServiceClient(channel), token);
            await foreach (var item in call.ResponseStream.ReadAllAsync(token))
                NodeFanOut.PrintItem(session, node, item, () => item.Line.TrimEnd('\n'));
            return true;
        }, cancellation);
        return results.Any(r => r.Failure is not null) ? 1 : 0;
    }
}
