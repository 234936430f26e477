using System.Security.Cryptography;
using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;

namespace Aurae.Composer.Tests.Outputs;

/// <summary>Every format built a second time from the same node.yaml has the same sha256.</summary>
[Collection(AllFormatsBuildCollection.Name)]
public sealed class AllFormatsReproducibilityTests(AllFormatsBuildFixture build)
{
    [Fact]
    public void Two_builds_of_every_format_have_the_same_sha256()
    {
        var first = build.File("");
        var again = build.Workspace.OutputDirectory("all-again");

        var result = new NodeImageBuilder(DaemonBinary.Load(build.Workspace.Daemon)).Build(NodeConfigLoader.Load(build.NodeYaml), again);

        // 17 outputs, NAME.pcr11.json and the SBOM, NAME.cdx.json, which must reproduce like them.
        Assert.Equal(19, result.Files.Count);
        foreach (var file in result.Files)
        {
            var relative = Path.GetRelativePath(again, file);
            Assert.True(Sha256(Path.Combine(first, relative)) == Sha256(file), $"{relative} differs between two builds of the same input");
        }
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
