
namespace Aurae.Composer.Tests.CommandLine;

/// <summary>`aurae-compose build` up to the point where a build would start, and the command line itself.</summary>
public sealed class BuildCommandTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private string Output => Path.Combine(directory.Path, "out");

    [Fact]
    public void A_missing_node_yaml_is_not_found_with_its_path()
    {
        var missing = Path.Combine(directory.Path, "missing", "node.yaml");

        var result = ComposeCli.Fail("build", missing, "--output", Output, "--daemon", "/nonexistent/auraed");

        Assert.Equal($"aurae-compose: error: node.yaml '{missing}' not found", result.Error.TrimEnd());
        Assert.Equal("", result.Output);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void A_schema_error_is_reported_as_file_line_column()
    {
        var yaml = directory.File("node.yaml", "name: n1\nkernal:\n  deb: kernel.deb\n"u8.ToArray());

        var result = ComposeCli.Fail("build", yaml, "--output", Output, "--daemon", "/nonexistent/auraed");

        Assert.StartsWith($"aurae-compose: error: {yaml}:2:1: field 'kernal': unknown key (did you mean 'kernel'?)", result.Error);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void A_yaml_syntax_error_is_reported_as_file_line_column()
    {
        var yaml = directory.File("node.yaml", "name: n1\noutputs: [pxe\npki: pki\n"u8.ToArray());

        var result = ComposeCli.Fail("build", yaml, "--output", Output);

        Assert.StartsWith($"aurae-compose: error: {yaml}:2:10: field 'outputs': YAML syntax error", result.Error);
    }

    [Fact]
    public void A_directory_given_as_node_yaml_is_refused()
    {
        var result = ComposeCli.Fail("build", directory.Path, "--output", Output);

        Assert.Contains($"node.yaml '{directory.Path}' is a directory", result.Error);
    }

    [Fact]
    public void Build_help_describes_the_options_and_exits_0()
    {
        var result = ComposeCli.Succeed("build", "--help");

        Assert.Contains("node.yaml", result.Output);
        Assert.Contains("--output", result.Output);
        Assert.Contains("--daemon", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Build_without_node_yaml_is_a_usage_error()
    {
        var result = ComposeCli.Run("build");

        Assert.NotEqual(0, result.ExitCode);
        Assert.NotEqual("", result.Error);
    }

    [Fact]
    public void An_unknown_subcommand_fails_and_names_it()
    {
        var result = ComposeCli.Run("frobnicate", "node.yaml");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("frobnicate", result.Error);
    }

    [Fact]
    public void An_unknown_option_fails()
    {
        var result = ComposeCli.Run("build", "node.yaml", "--colour", "blue");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--colour", result.Error);
    }

    [Fact]
    public void Root_help_lists_both_commands()
    {
        var result = ComposeCli.Succeed("--help");

        Assert.Contains("build", result.Output);
        Assert.Contains("pki", result.Output);
    }
}
