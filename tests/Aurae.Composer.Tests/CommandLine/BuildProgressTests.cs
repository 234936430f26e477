using Aurae.Compose;
using Aurae.Composer.Build;
using Aurae.Composer.Tests.Build;

namespace Aurae.Composer.Tests.CommandLine;

/// <summary>`aurae-compose build` on a terminal: what runs now, redrawn in place, then how long it took.</summary>
public sealed class BuildProgressTests : IDisposable
{
    private readonly BuildWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void On_a_terminal_a_cold_build_shows_its_running_steps_then_its_time()
    {
        var yaml = workspace.WriteNodeYaml("progress.yaml");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = ComposeCommandLine.Run(["build", yaml, "--output", workspace.OutputDirectory("progress"), "--daemon", workspace.Daemon, "--no-cache"],
            output, error, errorIsTerminal: true);

        Assert.True(exit == 0, $"{output}{error}");
        var shown = error.ToString();
        // Reading the kernel package takes seconds: the status is redrawn every 200 ms meanwhile.
        Assert.Matches(@"\r\u001b\[Kbuilding test-node, \d+\.\d s: (.*, )?reading linux-image-", shown);
        Assert.Matches(@"\r\u001b\[Kbuilt test-node in \d+\.\d s\r?\n$", shown);
        // The log itself is untouched.
        Assert.DoesNotContain("\u001b", output.ToString());
        Assert.Contains("  kernel check: ", output.ToString());
    }

    [Fact]
    public void Off_a_terminal_a_build_writes_nothing_to_stderr()
    {
        var yaml = workspace.WriteNodeYaml("quiet.yaml");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ComposeCommandLine.Run(["build", yaml, "--output", workspace.OutputDirectory("quiet"), "--daemon", workspace.Daemon, "--no-cache"],
            output, error);
        Assert.Equal(0, exit);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Steps_are_running_from_begin_to_dispose_and_listed_oldest_first()
    {
        var steps = new BuildSteps();
        var reading = steps.Begin("reading");
        using (steps.Begin("compressing"))
        {
            Assert.Equal(["reading", "compressing"], steps.Running().Select(step => step.Name));
            reading.Dispose();
            Assert.Equal(["compressing"], steps.Running().Select(step => step.Name));
        }
        Assert.Empty(steps.Running());
    }
}
