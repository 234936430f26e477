using System.Text.RegularExpressions;
using Aurae.Composer.Configuration;
using Aurae.Composer.Tests.Build;
using Aurae.Serve.Configuration;

namespace Aurae.Composer.Tests.Configuration;

/// <summary>
/// The node.yaml files under examples/, which people copy, stay valid: each loads as written
/// once its kernel and PKI paths point at this test's inputs.
/// </summary>
public sealed partial class ExampleConfigTests(BuildWorkspace workspace) : IClassFixture<BuildWorkspace>
{
    public static TheoryData<string, string, OutputKind[]> Examples => new()
    {
        { "node.yaml", "aurae-node-1", [OutputKind.Pxe, OutputKind.Uki, OutputKind.Iso, OutputKind.RawEfi] },
        { "cloud.yaml", "aurae-node-1", [OutputKind.Qcow2, OutputKind.Vhd, OutputKind.VhdDynamic, OutputKind.Vmdk, OutputKind.Gcp] },
        { "microvm.yaml", "aurae-node-1", [OutputKind.Microvm] },
        { "fleet.yaml", "fleet", [OutputKind.Pxe] },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_example_loads_with_the_outputs_it_describes(string example, string name, OutputKind[] outputs)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", example));
        text = DebLine().Replace(text, $"  deb: '{workspace.KernelDeb}'", 1);
        text = PkiLine().Replace(text, $"pki: '{workspace.PkiDirectory}'", 1);

        var config = NodeConfigLoader.Load(workspace.WriteFile(example, System.Text.Encoding.UTF8.GetBytes(text)));

        Assert.Equal(name, config.Name);
        Assert.Equal(outputs, config.Outputs);
        Assert.Equal(example == "fleet.yaml" ? Aurae.Contract.Manifest.NodeIdentitySource.Enroll : Aurae.Contract.Manifest.NodeIdentitySource.Image, config.Identity);
    }

    [Fact]
    public void The_serve_example_loads_with_its_groups_once_its_paths_point_at_this_tests_inputs()
    {
        var profile = Path.Combine(workspace.PkiDirectory, "..", "serve-example-profile");
        Directory.CreateDirectory(profile);
        foreach (var file in new[] { "vmlinuz", "initramfs.img", "cmdline" })
            File.WriteAllText(Path.Combine(profile, file), "x");
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", "serve.yaml"));
        text = PkiLine().Replace(text, $"pki: '{workspace.PkiDirectory}'", 1);
        text = Regex.Replace(text, @"^  fleet: .*$", $"  fleet: '{Path.GetFullPath(profile)}'", RegexOptions.Multiline);

        var config = ServeConfigLoader.Load(workspace.WriteFile("serve.yaml", System.Text.Encoding.UTF8.GetBytes(text)));

        Assert.Equal(["node-1", "node-2", "default"], config.Groups.Groups.Select(g => g.Name));
        Assert.Equal(69, config.Tftp!.Port);
        Assert.Equal(TimeSpan.FromMinutes(15), config.TokenLifetime);
    }

    [Fact]
    public void Every_example_is_covered()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot(), "examples"), "*.yaml").Select(Path.GetFileName).Order();
        // workloads.yaml is the CLI's (aurae apply): Aurae.Client.Tests loads it.
        Assert.Equal(Examples.Select(row => (string)row[0]).Append("serve.yaml").Append("workloads.yaml").Order(), files);
    }

    private static string RepositoryRoot() => Aurae.Testing.RepositoryRoot.Path;

    [GeneratedRegex(@"^  deb: .*$", RegexOptions.Multiline)]
    private static partial Regex DebLine();

    [GeneratedRegex(@"^pki: .*$", RegexOptions.Multiline)]
    private static partial Regex PkiLine();
}
