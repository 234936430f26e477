using Aurae.Testing;

namespace Aurae.Client.Tests.Cli;

/// <summary>`aurae completion bash|zsh|fish`, loaded into each real shell and asked to complete.</summary>
public sealed class ShellCompletionTests : IDisposable
{
    private readonly ShellCompletionDriver shells = new("aurae", Path.Combine(AppContext.BaseDirectory, "aurae.dll"));

    public void Dispose() => shells.Dispose();

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    public void Completes_subcommands_by_prefix(string shell) =>
        Assert.Equal(["node"], shells.Complete(shell, "aurae nod"));

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    public void Completes_a_subcommand_s_subcommands(string shell)
    {
        var candidates = shells.Complete(shell, "aurae node ");
        Assert.Superset(new HashSet<string>(["attest", "info", "poweroff", "reboot"]), new HashSet<string>(candidates));
        Assert.DoesNotContain("push", candidates);
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    public void Completes_argument_values_and_options(string shell)
    {
        Assert.Equal(["bash", "fish", "zsh"], shells.Complete(shell, "aurae completion ").Where(c => !c.StartsWith('-') && !c.StartsWith('/')));
        Assert.Equal(["--wait"], shells.Complete(shell, "aurae node info --wa"));
    }

    [Fact]
    public void Fish_offers_file_names_when_no_candidate_fits_the_word()
    {
        Assert.Contains("/tmp/", shells.Complete("fish", "aurae push /tm"));
        Assert.Equal(["node"], shells.Complete("fish", "aurae nod"));
    }

    [Fact]
    public void An_unknown_shell_is_refused_naming_the_ones_there_are()
    {
        var (exit, _, error) = Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "aurae.dll"), "completion", "tcsh"]);
        Assert.Equal(1, exit);
        Assert.Contains("Argument 'tcsh' not recognized. Must be one of:", error);
    }
}
