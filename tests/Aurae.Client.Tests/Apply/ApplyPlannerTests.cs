using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Cli.Apply;
using Aurae.Cli.Commands;
using Aurae.Testing;

namespace Aurae.Client.Tests.Apply;

/// <summary>What apply would change on a node, from the file and the node's state alone.</summary>
public sealed class ApplyPlannerTests : IDisposable
{
    private static readonly string WebDigest = "sha256:" + new string('a', 64);
    private static readonly string ToolSha = new('b', 64);

    private readonly TemporaryDirectory directory = new("aurae-plan-");
    private readonly DesiredState desired;

    public ApplyPlannerTests()
    {
        directory.Write("web.tar", "archive");
        directory.Write("tool", "program");
        var file = WorkloadsFileLoader.Load(directory.Write("workloads.yaml", """
            artifacts:
              tool: {file: tool, executable: true}
            images:
              web: web.tar
            cells:
              svc:
                memory-max: 64M
                containers:
                  httpd: {image: web, args: [httpd, -f], restart: always}
                executables:
                  tick: {argv: [/bin/tool, tick], artifacts: ["tool:/bin/tool"]}
              jobs: {pids-max: 100}
              jobs/cache:
                executables:
                  warm: {argv: [/bin/tool, warm], artifacts: ["tool:/bin/tool"]}
            """));
        desired = new DesiredState(file,
            [new ArtifactContent(file.Artifacts[0], new PushHeader { Name = "tool", Sha256 = ToolSha, Size = 7, Executable = true })],
            [new ImageContent(file.Images[0], new PushHeader { Name = "image-x.tar", Sha256 = new string('c', 64), Size = 7 }, WebDigest)]);
    }

    public void Dispose() => directory.Dispose();

    [Fact]
    public void An_empty_node_gets_everything_in_order()
    {
        var plan = ApplyPlanner.Plan(desired, Empty(), prune: false);
        Assert.Equal([
            "+ artifact tool", "+ image web", "+ cell jobs", "+ cell jobs/cache", "+ cell svc",
            "+ executable jobs/cache/warm", "+ container svc/httpd", "+ executable svc/tick",
        ], Lines(plan));
    }

    [Fact]
    public void A_node_as_declared_needs_nothing_even_with_prune()
    {
        Assert.Empty(ApplyPlanner.Plan(desired, Converged(), prune: true));
    }

    [Fact]
    public void An_edited_workload_is_replaced_alone_naming_the_fields()
    {
        var node = Converged();
        var httpd = node.Workloads[("svc", "httpd")];
        httpd.Spec.Argv.Add("-v");
        httpd.Spec.Environment["X"] = "1";
        var tick = node.Workloads[("svc", "tick")];
        tick.Spec.Argv[1] = "tock";
        Assert.Equal(["~ container svc/httpd (args, env)", "~ executable svc/tick (argv)"], Lines(ApplyPlanner.Plan(desired, node, prune: false)));
        var change = ApplyPlanner.Plan(desired, node, prune: false).OfType<WorkloadChange>().First();
        Assert.True(change.OnNode);
    }

    [Fact]
    public void New_image_content_replaces_the_image_and_its_containers()
    {
        var node = Converged();
        var old = "sha256:" + new string('0', 64);
        var images = new Dictionary<string, string> { ["web"] = old };
        node = node with { ImageDigests = images };
        node.Workloads[("svc", "httpd")].ImageDigest = old;
        Assert.Equal(["~ image web (sha256:000000000000 → sha256:aaaaaaaaaaaa)", "~ container svc/httpd (image content)"],
            Lines(ApplyPlanner.Plan(desired, node, prune: false)));
    }

    [Fact]
    public void A_changed_cell_is_replaced_with_its_children_and_their_workloads()
    {
        var node = Converged();
        var cells = new Dictionary<string, Cell>(node.Cells)
        {
            ["jobs"] = Allocated(new Cell { Name = "jobs", Pids = new PidsController { Max = 50 } }),
            ["jobs/cache/extra"] = Allocated(new Cell { Name = "jobs/cache/extra" }),
        };
        node = node with { Cells = cells };
        var plan = ApplyPlanner.Plan(desired, node, prune: false);
        Assert.Equal([
            "~ cell jobs (pids-max)", "~ cell jobs/cache (its parent is replaced)", "- cell jobs/cache/extra (its parent is replaced)",
            "~ executable jobs/cache/warm (its cell is replaced)",
        ], Lines(plan));
        Assert.False(Assert.Single(plan.OfType<WorkloadChange>()).OnNode);
    }

    [Fact]
    public void Changed_artifact_content_or_mode_replaces_it()
    {
        var node = Converged();
        var artifacts = new Dictionary<string, Artifact> { ["tool"] = new() { Name = "tool", Sha256 = new string('d', 64), Executable = true } };
        Assert.Equal(["~ artifact tool (content dddddddddddd → bbbbbbbbbbbb)"], Lines(ApplyPlanner.Plan(desired, node with { Artifacts = artifacts }, prune: false)));
        artifacts["tool"] = new() { Name = "tool", Sha256 = ToolSha, Executable = false };
        Assert.Equal(["~ artifact tool (now executable)"], Lines(ApplyPlanner.Plan(desired, node with { Artifacts = artifacts }, prune: false)));
    }

    [Fact]
    public void Prune_removes_what_the_file_does_not_name_and_only_then()
    {
        var node = Converged();
        var cells = new Dictionary<string, Cell>(node.Cells) { ["old"] = Allocated(new Cell { Name = "old" }) };
        var workloads = new Dictionary<(string, string), ExecutableStatus>(node.Workloads)
        {
            [("old", "job")] = Status("old", new Executable { Name = "job", Command = "true" }, running: false),
            [("svc", "stray")] = Status("svc", new Executable { Name = "stray", Image = "web" }, running: true),
        };
        var images = new Dictionary<string, string>(node.ImageDigests) { ["unused"] = WebDigest };
        var artifacts = new Dictionary<string, Artifact>(node.Artifacts) { ["leftover"] = new() { Name = "leftover", Sha256 = ToolSha } };
        node = new NodeState(cells, workloads, images, artifacts);

        Assert.Empty(ApplyPlanner.Plan(desired, node, prune: false));
        var plan = ApplyPlanner.Plan(desired, node, prune: true);
        Assert.Equal(["- cell old (and its workload)", "- container svc/stray", "- image unused", "- artifact leftover"], Lines(plan));
        Assert.True(plan.OfType<WorkloadChange>().Single().OnNode);
    }

    [Fact]
    public void A_workload_whose_spec_the_node_does_not_report_is_replaced()
    {
        var node = Converged();
        node.Workloads[("svc", "tick")].Spec = null;
        Assert.Equal(["~ executable svc/tick (spec unknown to the node)"], Lines(ApplyPlanner.Plan(desired, node, prune: false)));
    }

    [Fact]
    public void Summaries_count_each_kind_of_change()
    {
        var plan = ApplyPlanner.Plan(desired, Empty(), prune: false);
        Assert.Equal("8 changes applied: 8 added", ApplyCommands.Summary(plan, applied: true));
        Assert.Equal("8 changes: 8 to add", ApplyCommands.Summary(plan, applied: false));
        Assert.Equal("no changes: already as declared", ApplyCommands.Summary([], applied: true));
    }

    private static NodeState Empty() => new(new Dictionary<string, Cell>(), new Dictionary<(string, string), ExecutableStatus>(),
        new Dictionary<string, string>(), new Dictionary<string, Artifact>());

    /// <summary>What a node answers once the file is applied: cells with ids, workloads with their specs echoed.</summary>
    private NodeState Converged()
    {
        var cells = desired.File.Cells.ToDictionary(cell => cell.Name, cell => Allocated(cell.Cell));
        var workloads = desired.File.Workloads.ToDictionary(w => (w.CellName, w.Name), w =>
        {
            var status = Status(w.CellName, w.Spec.Clone(), running: true);
            status.ImageDigest = w.IsContainer ? WebDigest : "";
            return status;
        });
        return new NodeState(cells, workloads, new Dictionary<string, string> { ["web"] = WebDigest },
            new Dictionary<string, Artifact> { ["tool"] = new() { Name = "tool", Sha256 = ToolSha, Executable = true, Size = 7 } });
    }

    private static Cell Allocated(Cell cell)
    {
        var allocated = cell.Clone();
        allocated.Ids = new UserNamespaceIds { First = 100_000, Count = 65_536 };
        return allocated;
    }

    private static ExecutableStatus Status(string cell, Executable spec, bool running) => new()
    {
        CellName = cell,
        ExecutableName = spec.Name,
        Spec = spec,
        State = running ? ExecutableStatus.Types.State.Running : ExecutableStatus.Types.State.Exited,
    };

    private static List<string> Lines(IEnumerable<PlannedChange> plan) => [.. plan.Select(change => change.ToString())];
}
