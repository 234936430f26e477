using System.CommandLine;
using Aurae.Cli.Apply;
using Aurae.Contract.Client;

namespace Aurae.Cli.Commands;

/// <summary>
/// `aurae apply FILE` and `aurae diff FILE`: the nodes' services kept in workloads.yaml. The file
/// is read and checked whole (its archives too) before any node is touched; each node is then
/// read, planned and changed on its own, the workloads it was given watched for the settle time,
/// and the node read again to prove it converged.
/// </summary>
internal static class ApplyCommands
{
    /// <summary>diff: some node would change.</summary>
    public const int Differs = 1;

    /// <summary>diff: some node could not be read.</summary>
    public const int Unreadable = 2;

    /// <summary>Long enough for a program that cannot start (a missing file, a bad flag) to have failed, and for its restart to show.</summary>
    public const double DefaultSettleSeconds = 2;

    public static Command Apply(CommandEnvironment environment)
    {
        var file = File();
        var prune = Prune();
        var maxUnavailable = new Option<int?>("--max-unavailable")
        {
            Description = "Change at most N nodes at a time, in order, and start no more once one fails (a rolling change). Default: all at once.",
        };
        var settle = new Option<double>("--settle")
        {
            Description = "Seconds to watch the workloads a node was given: one that fails meanwhile (ends non-zero, is restarted) fails the node. 0: do not watch.",
            DefaultValueFactory = _ => DefaultSettleSeconds,
        };
        var apply = new Command("apply", "Make the nodes run what FILE declares: add what is missing, replace what differs. Exit 0 when every node converged.")
        {
            file, prune, maxUnavailable, settle,
        };
        apply.SetAction(async (parse, cancellation) =>
        {
            RefuseJson(environment, parse, "apply");
            var limit = parse.GetValue(maxUnavailable);
            if (limit is < 1)
                throw new FormatException($"--max-unavailable {limit}: at least 1");
            var settleTime = parse.GetValue(settle);
            if (!double.IsFinite(settleTime) || settleTime is < 0 or > 3600)
                throw new FormatException($"--settle {settleTime}: seconds, 0-3600");
            var desired = await ReadAsync(parse.GetValue(file)!, cancellation);
            var pruning = parse.GetValue(prune);
            var session = environment.OpenSession(parse);
            var outcomes = await Rollout.RunAsync(session.Targets, limit, async (target, token) =>
            {
                using var channel = session.OpenChannel(target);
                var node = channel.CreateCallInvoker();
                var plan = ApplyPlanner.Plan(desired, await NodeState.ReadAsync(node, token), pruning);
                await PlanExecutor.ExecuteAsync(node, plan, change => session.Output.Line(target, error: false, change.ToString()), token);
                var started = plan.OfType<WorkloadChange>().Where(change => change.Kind != ChangeKind.Remove).ToList();
                await SettleWatch.WatchAsync(node, started, TimeSpan.FromSeconds(settleTime), token);
                var left = ApplyPlanner.Plan(desired, await NodeState.ReadAsync(node, token), pruning);
                if (left.Count > 0)
                    throw new NotConvergedException(left);
                session.Output.Line(target, error: false, Summary(plan, applied: true));
            }, Describe, cancellation);
            foreach (var outcome in outcomes)
            {
                if (outcome.Failure is { } failure)
                    session.Output.Failure(outcome.Node, failure);
                else if (outcome.HaltedBy is { } halted)
                    session.Output.Failure(outcome.Node, $"not changed: the rollout stopped after {halted} failed");
            }
            return outcomes.All(outcome => outcome.Converged) ? 0 : 1;
        });
        return apply;
    }

    public static Command Diff(CommandEnvironment environment)
    {
        var file = File();
        var prune = Prune();
        var diff = new Command("diff", $"Show what apply would change on each node. Exit 0: nothing; {Differs}: something; {Unreadable}: a node could not be read.")
        {
            file, prune,
        };
        diff.SetAction(async (parse, cancellation) =>
        {
            RefuseJson(environment, parse, "diff");
            var desired = await ReadAsync(parse.GetValue(file)!, cancellation);
            var pruning = parse.GetValue(prune);
            var session = environment.OpenSession(parse);
            var results = await NodeFanOut.RunAsync(session, async (_, channel, token) =>
                ApplyPlanner.Plan(desired, await NodeState.ReadAsync(channel.CreateCallInvoker(), token), pruning), cancellation);
            foreach (var result in results.Where(result => result.Value is not null))
            {
                foreach (var change in result.Value!)
                    session.Output.Line(result.Node, error: false, change.ToString());
                session.Output.Line(result.Node, error: false, Summary(result.Value!, applied: false));
            }
            return results.Any(result => result.Failure is not null) ? Unreadable
                : results.Any(result => result.Value!.Count > 0) ? Differs
                : 0;
        });
        return diff;
    }

    private static Argument<string> File() => new("FILE")
    {
        Description = "workloads.yaml: the cells, the containers and executables in them, and the images and artifacts they use.",
    };

    private static Option<bool> Prune() => new("--prune")
    {
        Description = "Also remove what the file does not name: other cells (with their workloads), other workloads in its cells, other images and artifacts.",
    };

    // Their output is lines of changes as they happen; a JSON shape would be a contract of its own.
    private static void RefuseJson(CommandEnvironment environment, ParseResult parse, string command)
    {
        if (parse.GetValue(environment.Globals.Json))
            throw new FormatException($"{command} prints one line per change; --json is not supported (the exit code says whether the nodes converged or differ)");
    }

    private static async Task<DesiredState> ReadAsync(string path, CancellationToken cancellation) =>
        await DesiredState.ReadAsync(WorkloadsFileLoader.Load(path), cancellation);

    /// <summary>"3 changes: 2 added, 1 replaced" (applied) or "no changes".</summary>
    public static string Summary(IReadOnlyList<PlannedChange> plan, bool applied)
    {
        if (plan.Count == 0)
            return applied ? "no changes: already as declared" : "no changes";
        var counts = new[] { (ChangeKind.Add, "added"), (ChangeKind.Replace, "replaced"), (ChangeKind.Remove, "removed") }
            .Select(kind => (Count: plan.Count(change => change.Kind == kind.Item1), Word: kind.Item2))
            .Where(kind => kind.Count > 0)
            .Select(kind => $"{kind.Count} {(applied ? kind.Word : kind.Word switch { "added" => "to add", "replaced" => "to replace", _ => "to remove" })}");
        return $"{plan.Count} change{(plan.Count == 1 ? "" : "s")}{(applied ? " applied" : "")}: {string.Join(", ", counts)}";
    }

    private static string Describe(NodeTarget node, Exception failure) => failure switch
    {
        ChangeFailedException failed => $"{failed.Change}: {RpcFailure.From(failed.InnerException!, node.Name).Describe()}",
        NotConvergedException or WorkloadFailedException => failure.Message,
        _ => RpcFailure.From(failure, node.Name).Describe(),
    };
}
