using System.Net;
using Aurae.Contract.Client;
using Aurae.Testing;

namespace Aurae.Client.Tests.Configuration;

public sealed class ClientConfigWriterTests
{
    private static readonly ClientConfig Config = new("lab",
    [
        new ClientContext("lab", "/pki/ca.crt", "/pki/operator.crt", "/pki/operator.key",
        [
            new NodeTarget("aurae-node-1", IPEndPoint.Parse("10.0.2.15:8080")),
            new NodeTarget("null", new IPEndPoint(IPAddress.Parse("fd00::1"), 8080)),
        ]),
        new ClientContext("empty", "/e/ca.crt", "/e/op.crt", "/e/op.key", []),
    ]);

    [Fact]
    public void What_it_writes_loads_back_the_same()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("aurae", "config.yaml");
        ClientConfigWriter.Write(path, Config);
        var loaded = ClientConfigLoader.Load(path);
        Assert.Equal(Config.CurrentContext, loaded.CurrentContext);
        Assert.Equal(Config.Contexts.Count, loaded.Contexts.Count);
        foreach (var (expected, actual) in Config.Contexts.Zip(loaded.Contexts))
        {
            Assert.Equal(expected with { Nodes = [] }, actual with { Nodes = [] });
            Assert.Equal(expected.Nodes, actual.Nodes);
        }
    }

    [Fact]
    public void The_file_is_owner_only_even_when_it_replaces_a_readable_one()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("config.yaml");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        ClientConfigWriter.Write(path, Config);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(["config.yaml"], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void The_text_is_the_documented_shape()
    {
        var yaml = ClientConfigWriter.ToYaml(Config);
        Assert.StartsWith("context: lab\ncontexts:\n  lab:\n    ca: /pki/ca.crt\n", yaml.ReplaceLineEndings("\n"));
        Assert.Contains("endpoint: 10.0.2.15:8080", yaml);
        Assert.Contains("endpoint: '[fd00::1]:8080'", yaml.Replace('"', '\''));
    }
}
