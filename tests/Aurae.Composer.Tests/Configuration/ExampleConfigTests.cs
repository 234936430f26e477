using System.Text.RegularExpressions;
using Aurae.Composer.Configuration;
using Aurae.Composer.Tests.Build;

namespace Aurae.Composer.Tests.Configuration;

/// <summary>
/// The node.yaml files under examples/, which people copy, stay valid: each loads as written
/// once its kernel and PKI paths point at this test's inputs.
/// </summary>
public sealed partial class ExampleConfigTests(BuildWorkspace workspace) : IClassFixture<BuildWorkspace>
{
    public static TheoryData<string, OutputKind[]> Examples => new()
    {
        { "node.yaml", [OutputKind.Pxe, OutputKind.Uki, OutputKind.Iso, OutputKind.RawEfi] },
        { "cloud.yaml", [OutputKind.Qcow2, OutputKind.Vhd, OutputKind.VhdDynamic, OutputKind.Vmdk, OutputKind.Gcp] },
        { "microvm.yaml", [OutputKind.Microvm] },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_example_loads_with_the_outputs_it_describes(string example, OutputKind[] outputs)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", example));
        text = DebLine().Replace(text, $"  deb: '{workspace.KernelDeb}'", 1);
        text = PkiLine().Replace(text, $"pki: '{workspace.PkiDirectory}'", 1);

        var config = NodeConfigLoader.Load(workspace.WriteFile(example, System.Text.Encoding.UTF8.GetBytes(text)));

        Assert.Equal("aurae-node-1", config.Name);
        Assert.Equal(outputs, config.Outputs);
    }

    [Fact]
    public void Every_example_is_covered()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot(), "examples"), "*.yaml").Select(Path.GetFileName).Order();
        Assert.Equal(Examples.Select(row => (string)row[0]).Order(), files);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aurae.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"no Aurae.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^  deb: .*$", RegexOptions.Multiline)]
    private static partial Regex DebLine();

    [GeneratedRegex(@"^pki: .*$", RegexOptions.Multiline)]
    private static partial Regex PkiLine();
}
