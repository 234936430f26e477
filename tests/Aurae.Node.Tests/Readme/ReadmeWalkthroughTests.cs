using Aurae.Node.Tests.Support;
using Aurae.Testing;

namespace Aurae.Node.Tests.Readme;

/// <summary>
/// Builds with the whole machine: it runs after every other collection, never beside a boot test
/// (QEMU under TCG stalls next to a NativeAOT compile).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReadmeWalkthroughCollection
{
    public const string Name = "README walkthrough";
}

/// <summary>
/// The README's quick start and first workload, run as written on this machine: `./scripts/quickstart`
/// (set-up, build, compose), the iPXE boot in QEMU, the first `aurae` call, the workload commands and `aurae apply`.
/// The boot and the calls run in a network namespace of their own, so the README's fixed ports
/// (8000, 8080) are free whatever else runs here, and a pid namespace, so nothing they start outlives them.
/// </summary>
[Collection(ReadmeWalkthroughCollection.Name)]
public sealed class ReadmeWalkthroughTests
{
    private static readonly string[] Steps = ["quickstart", "boot", "first-call", "workloads", "apply"];

    [Fact]
    public void The_readme_marks_its_walkthrough_in_order()
    {
        var blocks = ReadmeWalkthrough.Read(Readme);
        Assert.Equal(Steps, blocks.Select(b => b.Name));
    }

    [Fact]
    public void The_quick_start_and_first_workload_work_as_written()
    {
        var blocks = ReadmeWalkthrough.Read(Readme).ToDictionary(b => b.Name);
        Assert.Equal(Steps.Order(), blocks.Keys.Order());
        using var work = new TemporaryDirectory("aurae-readme-");

        // The quick start, outside the namespaces: it may need the network (apt, the kernel, NuGet).
        var quickstartLog = work.Combine("quickstart.log");
        var quickstart = work.Write("quickstart.sh", $"""
            set -u
            exec > {Quote(quickstartLog)} 2>&1
            cd {Quote(TestEnvironment.RepositoryRoot)}
            {blocks["quickstart"].Script}
            """);
        var (quickstartExit, _, _) = Tool.Run("timeout", ["1500", "bash", quickstart],
            environment: new Dictionary<string, string> { ["MSBUILDDISABLENODEREUSE"] = "1" });
        Assert.True(quickstartExit == 0,
            $"README.md:{blocks["quickstart"].Line}: the quick start exited with {quickstartExit}:\n{Tail(File.ReadAllText(quickstartLog))}");

        var console = work.Combine("console.log");
        var walkthrough = work.Write("walkthrough.sh", $"""
            set -u
            cd {Quote(TestEnvironment.RepositoryRoot)}
            ip link set lo up
            ( {blocks["boot"].Script} ) > {Quote(console)} 2>&1 < /dev/null &
            echo "::: first-call"
            {blocks["first-call"].Script}
            echo "::: first-call exit $?"
            echo "::: workloads"
            {blocks["workloads"].Script}
            echo "::: apply"
            {blocks["apply"].Script}
            echo "::: end"
            """);
        var (exit, output, error) = Tool.Run("timeout", ["900", "unshare", "--net", "--pid", "--fork", "--kill-child", "--mount", "--mount-proc", "bash", walkthrough]);
        string Context() => $"exit {exit}\n--- output\n{output}\n--- errors\n{error}\n--- console\n{Tail(File.Exists(console) ? File.ReadAllText(console) : "")}";

        var firstCall = Section(output, "first-call", "workloads");
        Assert.True(firstCall.Contains("::: first-call exit 0", StringComparison.Ordinal) && firstCall.Contains("hostname:   aurae-node-1\n", StringComparison.Ordinal)
            && firstCall.Contains("daemon pid: 1 (init)\n", StringComparison.Ordinal),
            $"README.md:{blocks["first-call"].Line}: `aurae node info` did not reach the booted node:\n{Context()}");

        // run prints the program's "hi", then echo $? prints its exit code, 3.
        var workloads = Section(output, "workloads", "apply").Split('\n');
        int hi = Array.IndexOf(workloads, "hi");
        Assert.True(hi >= 0 && Array.IndexOf(workloads, "3", hi) > hi && !error.Contains("aurae: error", StringComparison.Ordinal),
            $"README.md:{blocks["workloads"].Line}: the workload commands did not print 'hi' then '3':\n{Context()}");

        // The first apply adds the cell and its executable (busybox is there already), the second nothing, and diff agrees.
        var apply = Section(output, "apply", "end");
        Assert.True(apply.Contains("+ cell site\n", StringComparison.Ordinal) && apply.Contains("+ executable site/clock\n", StringComparison.Ordinal)
            && apply.Contains("2 changes applied: 2 added\n", StringComparison.Ordinal)
            && apply.Contains("no changes: already as declared\n", StringComparison.Ordinal) && apply.Contains("diff: 0\n", StringComparison.Ordinal),
            $"README.md:{blocks["apply"].Line}: apply did not converge as the README says:\n{Context()}");
    }

    private static string Readme => Path.Combine(TestEnvironment.RepositoryRoot, "README.md");

    private static string Section(string output, string from, string to)
    {
        int start = output.IndexOf($"::: {from}\n", StringComparison.Ordinal);
        int end = output.IndexOf($"::: {to}\n", StringComparison.Ordinal);
        return start < 0 ? "" : end < start ? output[start..] : output[start..end];
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];
}
