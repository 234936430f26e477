using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;

namespace Aurae.Composer.Tests.Build;

/// <summary>
/// A build that fails while writing outputs (after pxe was staged, an output that is not
/// implemented) commits nothing: the staged files go, and so does an output directory the build made.
/// </summary>
public sealed class StagingCleanupTests(BuildWorkspace workspace) : IClassFixture<BuildWorkspace>
{
    /// <summary>A valid config that asks for pxe and then for iso, which <see cref="NodeImageBuilder"/> cannot write yet.</summary>
    private NodeConfig PxeThenIso(string fileName) =>
        NodeConfigLoader.Load(workspace.WriteNodeYaml(fileName: fileName, modules: "[]", compression: "none"))
            with { Outputs = [OutputKind.Pxe, OutputKind.Iso] };

    private NotSupportedException BuildFails(NodeConfig config, string output) =>
        Assert.Throws<NotSupportedException>(() =>
            new NodeImageBuilder(DaemonBinary.Load(workspace.Daemon)).Build(config, output));

    [Fact]
    public void A_failure_after_staging_removes_the_output_directory_it_created()
    {
        var output = workspace.OutputDirectory("fails-after-staging");

        var error = BuildFails(PxeThenIso("fresh.yaml"), output);

        Assert.Contains("'iso' is not implemented yet", error.Message);
        Assert.False(Directory.Exists(output), $"{output} exists after a failed build");
    }

    [Fact]
    public void A_failure_after_staging_leaves_an_existing_output_directory_as_it_was()
    {
        var output = workspace.OutputDirectory("existing-fails-after-staging");
        Directory.CreateDirectory(output);
        var old = Path.Combine(output, "vmlinuz");
        File.WriteAllText(old, "the kernel of an earlier build");

        BuildFails(PxeThenIso("existing.yaml"), output);

        Assert.Equal("the kernel of an earlier build", File.ReadAllText(old));
        Assert.Equal([old], Directory.GetFileSystemEntries(output));
    }
}
