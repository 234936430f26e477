using Aurae.Composer.Pki;
using Aurae.Composer.Tests.CommandLine;

namespace Aurae.Composer.Tests.Build;

/// <summary>
/// Builds that fail once the kernel is read (an unknown module, a PKI without the node's
/// certificate) report what is wrong, exit with 1 and leave no output behind.
/// </summary>
public sealed class BuildFailureTests(BuildWorkspace workspace) : IClassFixture<BuildWorkspace>
{
    private const string UnknownModule = "no_such_module_xyz";

    private CliResult Build(string nodeYaml, string outputDirectory) =>
        ComposeCli.Fail("build", nodeYaml, "--output", outputDirectory, "--daemon", workspace.Daemon);

    private static void AssertNoStagingDirectory(string outputDirectory) =>
        Assert.Empty(Directory.GetDirectories(outputDirectory, ".staging-*"));

    [Fact]
    public void An_unknown_module_is_named_and_no_output_directory_is_created()
    {
        var yaml = workspace.WriteNodeYaml(fileName: "unknown-module.yaml", modules: $"[virtio_pci, {UnknownModule}]");
        var output = workspace.OutputDirectory("unknown-module");

        var result = Build(yaml, output);

        Assert.StartsWith("aurae-compose: error: ", result.Error);
        // The selector is named at its node.yaml position (the line of kernel.modules).
        Assert.Contains($": field 'kernel.modules[1]': unknown kernel module '{UnknownModule}'", result.Error);
        Assert.DoesNotContain("   at ", result.Error); // a message, not a stack trace
        Assert.DoesNotContain("wrote ", result.Output);
        Assert.False(Directory.Exists(output), $"{output} exists after a failed build");
    }

    [Fact]
    public void An_unknown_module_leaves_an_existing_output_directory_as_it_was()
    {
        var yaml = workspace.WriteNodeYaml(fileName: "unknown-module-existing.yaml", modules: $"[{UnknownModule}]");
        var output = workspace.OutputDirectory("unknown-module-existing");
        Directory.CreateDirectory(output);
        var old = Path.Combine(output, "initramfs.img");
        File.WriteAllText(old, "the image of an earlier build");
        var before = File.GetLastWriteTimeUtc(old);

        var result = Build(yaml, output);

        Assert.Contains(UnknownModule, result.Error);
        Assert.Equal("the image of an earlier build", File.ReadAllText(old));
        Assert.Equal(before, File.GetLastWriteTimeUtc(old));
        Assert.Equal([old], Directory.GetFileSystemEntries(output));
        AssertNoStagingDirectory(output);
    }

    [Fact]
    public void A_missing_node_certificate_is_named_with_the_command_that_makes_it()
    {
        // A PKI with a CA and an operator certificate but no certificate for this node.
        var pki = Path.Combine(workspace.Root, "pki-without-node");
        PkiInitializer.Init(pki, []);
        var yaml = workspace.WriteNodeYaml(fileName: "no-node-cert.yaml", pkiDirectory: pki);
        var output = workspace.OutputDirectory("no-node-cert");

        var result = Build(yaml, output);

        var certificate = Path.Combine(pki, "nodes", BuildWorkspace.NodeName + ".crt");
        Assert.Contains($"'{certificate}' not found", result.Error);
        Assert.Contains($"aurae-compose pki init {pki} --node {BuildWorkspace.NodeName}", result.Error);
        Assert.False(Directory.Exists(output), $"{output} exists after a failed build");
    }
}
