using Aurae.Composer.Tests.Build;
using Aurae.Composer.Tests.CommandLine;

namespace Aurae.Composer.Tests.Corpus;

/// <summary>
/// Runs `aurae-compose build` on input that must be refused, twice: into an output directory
/// that does not exist (it must not exist afterwards) and into one holding a previous build
/// (it must be left byte for byte as it was). Both times exit code 1, and nothing new appears
/// beside the output directory (no staging or temporary directory left behind).
/// </summary>
public static class FailedBuildRun
{
    private static readonly (string Name, string Content)[] PreviousBuild =
    [
        ("vmlinuz", "the kernel of an earlier build"),
        ("initramfs.img", "the initramfs of an earlier build"),
        ("boot.ipxe", "#!ipxe\n"),
    ];

    /// <summary>Both runs; returns the first (fresh output directory) for checking messages.</summary>
    public static CliResult Run(BuildWorkspace workspace, string caseName, string nodeYaml, string? daemon = null)
    {
        var outRoot = Path.Combine(workspace.Root, "out");
        Directory.CreateDirectory(outRoot);

        var fresh = Path.Combine(outRoot, caseName);
        var before = Snapshot(outRoot);
        var result = Build(nodeYaml, fresh, daemon ?? workspace.Daemon);
        Assert.False(Directory.Exists(fresh), $"{fresh} exists after a failed build\n{result}");
        Assert.Equal(before, Snapshot(outRoot));

        var previous = Path.Combine(outRoot, caseName + "-previous");
        Directory.CreateDirectory(previous);
        foreach (var (name, content) in PreviousBuild)
            File.WriteAllText(Path.Combine(previous, name), content);
        var withPrevious = Snapshot(outRoot);
        var again = Build(nodeYaml, previous, daemon ?? workspace.Daemon);
        Assert.Equal(withPrevious, Snapshot(outRoot));
        foreach (var (name, content) in PreviousBuild)
            Assert.Equal(content, File.ReadAllText(Path.Combine(previous, name)));
        Assert.Equal(FirstLine(result.Error), FirstLine(again.Error));

        return result;
    }

    /// <summary>The first line of stderr, for one-line summaries.</summary>
    public static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');

    /// <summary>The message checks every refused build shares: an error line, no stack trace, nothing reported written.</summary>
    public static void AssertIsCleanError(CliResult result)
    {
        Assert.StartsWith("aurae-compose: error: ", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.DoesNotContain("wrote ", result.Output);
    }

    private static CliResult Build(string nodeYaml, string output, string daemon)
    {
        var result = ComposeCli.Run("build", nodeYaml, "--output", output, "--daemon", daemon);
        Assert.True(result.ExitCode == 1, result.ToString());
        return result;
    }

    /// <summary>Every file and directory under <paramref name="root"/> with its size and write time, one per line.</summary>
    private static string Snapshot(string root) => string.Join('\n',
        new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Select(entry => $"{Path.GetRelativePath(root, entry.FullName)} {(entry as FileInfo)?.Length} {entry.LastWriteTimeUtc:O}")
            .Order(StringComparer.Ordinal));
}
