using Aurae.Testing;

namespace Aurae.Composer.Tests.CommandLine;

/// <summary>`aurae-compose completion bash|zsh|fish`, loaded into each real shell and asked to complete.</summary>
public sealed class ShellCompletionTests : IDisposable
{
    private readonly ShellCompletionDriver shells = new("aurae-compose", Path.Combine(AppContext.BaseDirectory, "aurae-compose.dll"));

    public void Dispose() => shells.Dispose();

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    public void Completes_subcommands_and_their_options(string shell)
    {
        Assert.Equal(["build"], shells.Complete(shell, "aurae-compose bu"));
        Assert.Contains("init", shells.Complete(shell, "aurae-compose pki "));
    }
}
