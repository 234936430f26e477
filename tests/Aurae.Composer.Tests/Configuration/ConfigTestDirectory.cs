using Aurae.Composer.Configuration;
using Aurae.Contract.Yaml;

namespace Aurae.Composer.Tests.Configuration;

/// <summary>
/// A temporary directory holding what node.yaml may refer to: kernel.deb (a placeholder file),
/// kernel-dir/ and pki/. <see cref="Load"/> writes node.yaml there and loads it.
/// </summary>
public sealed class ConfigTestDirectory : IDisposable
{
    public ConfigTestDirectory()
    {
        Root = Directory.CreateTempSubdirectory("aurae-config-test-").FullName;
        File.WriteAllText(Path.Combine(Root, "kernel.deb"), "placeholder");
        Directory.CreateDirectory(Path.Combine(Root, "kernel-dir"));
        Directory.CreateDirectory(Path.Combine(Root, "pki"));
    }

    public string Root { get; }

    public string NodeYaml => Path.Combine(Root, "node.yaml");

    public NodeConfig Load(string yaml)
    {
        File.WriteAllText(NodeYaml, yaml);
        return NodeConfigLoader.Load(NodeYaml);
    }

    public ConfigFileException LoadFails(string yaml)
    {
        File.WriteAllText(NodeYaml, yaml);
        return Assert.Throws<ConfigFileException>(() => NodeConfigLoader.Load(NodeYaml));
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
