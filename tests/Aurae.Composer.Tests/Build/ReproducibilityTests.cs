using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;

namespace Aurae.Composer.Tests.Build;

/// <summary>
/// A second build of the same node.yaml (same PKI, same daemon), made with <see cref="NodeImageBuilder"/>
/// directly, against the fixture's `aurae-compose build`: the images must be the same bytes.
/// </summary>
[Collection(PxeBuildCollection.Name)]
public sealed class ReproducibilityTests(PxeBuildFixture build)
{
    private static readonly string[] PxeFiles = ["boot.ipxe", "cmdline", "initramfs.img", $"{BuildWorkspace.NodeName}.cdx.json", "vmlinuz"]; // path order, with the SBOM

    private BuildResult BuildAgain(string outputDirectory)
    {
        build.RequireSuccess();
        var builder = new NodeImageBuilder(DaemonBinary.Load(build.Workspace.Daemon));
        return builder.Build(NodeConfigLoader.Load(build.NodeYaml), outputDirectory);
    }

    [Fact]
    public void Two_builds_of_the_same_input_are_byte_identical()
    {
        var again = build.Workspace.OutputDirectory("reproduced");

        var result = BuildAgain(again);

        Assert.Equal(PxeFiles.Select(f => Path.Combine(again, f)), result.Files);
        foreach (var name in PxeFiles)
        {
            var first = File.ReadAllBytes(build.OutputFile(name));
            var second = File.ReadAllBytes(Path.Combine(again, name));
            Assert.True(first.AsSpan().SequenceEqual(second), $"{name} differs between two builds of the same input ({first.Length} and {second.Length} bytes)");
        }
    }

    [Fact]
    public void A_build_into_an_existing_directory_replaces_its_own_files_and_keeps_the_others()
    {
        var existing = build.Workspace.OutputDirectory("existing");
        Directory.CreateDirectory(existing);
        File.WriteAllText(Path.Combine(existing, "initramfs.img"), "stale image from an older build");
        File.WriteAllText(Path.Combine(existing, "notes.txt"), "not the composer's");

        BuildAgain(existing);

        Assert.Equal(File.ReadAllBytes(build.OutputFile("initramfs.img")), File.ReadAllBytes(Path.Combine(existing, "initramfs.img")));
        Assert.Equal("not the composer's", File.ReadAllText(Path.Combine(existing, "notes.txt")));
        Assert.Equal(
            ["boot.ipxe", "cmdline", "initramfs.img", "notes.txt", $"{BuildWorkspace.NodeName}.cdx.json", "vmlinuz"],
            Directory.GetFileSystemEntries(existing).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
