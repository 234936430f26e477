using Aurae.Composer.Tests.Build;
using Xunit.Abstractions;

namespace Aurae.Composer.Tests.Corpus;

/// <summary>
/// The systematic sweep of broken node.yaml files (Corpus/node-yaml/*.yaml) through the real
/// command line: each must exit 1, name FILE:LINE:COL and the field in its first stderr line,
/// contain every `# expect:` substring, and write nothing. In the files, @KERNEL_DEB@ stands for
/// the real kernel package, @PKI@ for a PKI holding the node's certificate and @ROOT@ for the
/// directory the file is copied to (relative paths resolve there).
/// </summary>
public sealed class NodeYamlCorpusTests(BuildWorkspace workspace, ITestOutputHelper log) : IClassFixture<BuildWorkspace>
{
    public static TheoryData<string> Cases => new(CorpusFiles.NodeYamlNames());

    [Fact]
    public void The_corpus_holds_at_least_thirty_cases_each_with_an_expectation()
    {
        var names = CorpusFiles.NodeYamlNames();

        Assert.True(names.Count >= 30, $"only {names.Count} cases in {CorpusFiles.Directory}");
        Assert.All(names, name => Assert.NotEmpty(CorpusFiles.Expectations(name)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_broken_node_yaml_is_refused_with_its_position_and_nothing_written(string name)
    {
        var root = Path.Combine(workspace.Root, "corpus");
        Directory.CreateDirectory(root);
        var yaml = Path.Combine(root, name);
        File.WriteAllBytes(yaml, Substitute(File.ReadAllBytes(Path.Combine(CorpusFiles.Directory, name)), root));
        var expectations = CorpusFiles.Expectations(name).Select(e => e.Replace("@ROOT@", root)).ToArray();
        Assert.NotEmpty(expectations);

        var result = FailedBuildRun.Run(workspace, Path.GetFileNameWithoutExtension(name), yaml);
        log.WriteLine($"{name}: exit {result.ExitCode}: {FailedBuildRun.FirstLine(result.Error)}");

        FailedBuildRun.AssertIsCleanError(result);
        // FILE:LINE:COL first, so an editor can jump to it.
        Assert.Matches($@"^aurae-compose: error: {System.Text.RegularExpressions.Regex.Escape(yaml)}:\d+:\d+: ", result.Error);
        foreach (var expected in expectations)
            Assert.True(result.Error.Contains(expected, StringComparison.Ordinal),
                $"stderr lacks '{expected}'\n{result}");
    }

    /// <summary>Replaces the placeholders byte-wise, so binary cases stay as they are.</summary>
    private byte[] Substitute(byte[] content, string root)
    {
        if (Array.IndexOf(content, (byte)'@') < 0)
            return content;
        var text = System.Text.Encoding.UTF8.GetString(content)
            .Replace("@KERNEL_DEB@", workspace.KernelDeb)
            .Replace("@PKI@", workspace.PkiDirectory)
            .Replace("@ROOT@", root);
        return System.Text.Encoding.UTF8.GetBytes(text);
    }
}
