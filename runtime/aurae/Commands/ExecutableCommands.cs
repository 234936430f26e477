using System.CommandLine;
using System.Globalization;
using System.Text;
using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;

namespace Aurae.Cli.Commands;

/// <summary>`aurae ps`, `aurae stop`, `aurae logs`: executables already started.</summary>
internal static class ExecutableCommands
{
    public static Command Ps(CommandEnvironment environment)
    {
        var cell = new Argument<string?>("CELL") { Description = "Only this cell's executables (default: every cell).", Arity = ArgumentArity.ZeroOrOne };
        var ps = new Command("ps", "Executables and how they are doing.") { cell };
        ps.SetAction((parse, cancellation) => NodeFanOut.UnaryAsync(environment.OpenSession(parse),
            async (channel, token) => await new ExecutableService.ExecutableServiceClient(channel)
                .ListAsync(new ListRequest { CellName = parse.GetValue(cell) ?? "" }, cancellationToken: token),
            RenderList, cancellation));
        return ps;
    }

    public static Command Stop(CommandEnvironment environment)
    {
        var cell = new Argument<string>("CELL") { Description = "The executable's cell." };
        var name = new Argument<string>("NAME") { Description = "The executable's name." };
        var signal = new Option<int?>("--signal") { Description = "The first signal to send (default 15, SIGTERM)." };
        var grace = new Option<double?>("--grace") { Description = "Seconds to wait before SIGKILL (default 10)." };
        var stop = new Command("stop", "Signal an executable, wait the grace period, then kill it.") { cell, name, signal, grace };
        stop.SetAction((parse, cancellation) =>
        {
            var request = new CellServiceStopRequest { CellName = parse.GetValue(cell)!, ExecutableName = parse.GetValue(name)! };
            if (parse.GetValue(signal) is { } number)
                request.Signal = number;
            if (parse.GetValue(grace) is { } seconds)
            {
                if (seconds is < 0 or > uint.MaxValue / 1000.0 || double.IsNaN(seconds))
                    throw new FormatException($"--grace {seconds}: expected seconds from 0");
                request.GracePeriodMs = (uint)Math.Round(seconds * 1000);
            }
            return NodeFanOut.UnaryAsync(environment.OpenSession(parse),
                async (channel, token) => await new CellService.CellServiceClient(channel).StopAsync(request, cancellationToken: token),
                response => response.Status is { } status
                    ? $"{request.ExecutableName} {ExitCodes.Describe(status)}"
                    : $"{request.ExecutableName} stopped", cancellation);
        });
        return stop;
    }

    public static Command Logs(CommandEnvironment environment)
    {
        var cell = new Argument<string>("CELL") { Description = "The executable's cell." };
        var name = new Argument<string>("NAME") { Description = "The executable's name." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until the executable ends." };
        var logs = new Command("logs", "An executable's output so far (stdout to stdout, stderr to stderr).") { cell, name, follow };
        logs.SetAction(async (parse, cancellation) =>
        {
            var session = environment.OpenSession(parse);
            var results = await NodeFanOut.RunAsync(session, (node, channel, token) => OutputFollower.FollowAsync(
                new ExecutableService.ExecutableServiceClient(channel), node, session.Output,
                parse.GetValue(cell)!, parse.GetValue(name)!, parse.GetValue(follow), token), cancellation);
            return results.Any(r => r.Failure is not null) ? 1 : 0;
        });
        return logs;
    }

    public static string RenderList(ListResponse response)
    {
        if (response.Executables.Count == 0)
            return "no executables";
        var text = new StringBuilder();
        text.AppendLine($"{"CELL",-16} {"NAME",-24} {"PID",7} {"STATUS",-24} {"RESTARTS",8} STARTED");
        foreach (var executable in response.Executables)
        {
            var started = executable.StartedAtMs == 0
                ? "-"
                : DateTimeOffset.FromUnixTimeMilliseconds(executable.StartedAtMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            // Ended, and its restart policy starts it again after the back-off.
            var status = ExitCodes.Describe(executable) + (executable.RestartAtMs > 0 ? ", restarting" : "");
            text.AppendLine($"{executable.CellName,-16} {executable.ExecutableName,-24} {executable.Pid,7} {status,-24} {executable.Restarts,8} {started}");
        }
        return text.ToString();
    }
}
