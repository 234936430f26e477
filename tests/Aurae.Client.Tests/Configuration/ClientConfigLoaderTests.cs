using System.Net;
using Aurae.Contract.Client;

namespace Aurae.Client.Tests.Configuration;

public sealed class ClientConfigLoaderTests
{
    private const string Valid = """
        context: lab
        contexts:
          lab:
            ca: pki/ca.crt
            certificate: /abs/operator.crt
            key: /abs/operator.key
            nodes:
              - name: aurae-node-1
                endpoint: 10.0.2.15:8080
              - name: aurae-node-2
                endpoint: "[fd00::2]:8080"
          other:
            ca: /o/ca.crt
            certificate: /o/op.crt
            key: /o/op.key
        """;

    [Fact]
    public void Reads_contexts_nodes_and_the_current_context()
    {
        var config = ClientConfigLoader.Parse(Valid, "/etc/aurae/config.yaml");
        Assert.Equal("lab", config.CurrentContext);
        Assert.Equal(["lab", "other"], config.Contexts.Select(c => c.Name));
        var lab = config.FindContext("lab")!;
        Assert.Equal("/abs/operator.crt", lab.CertificatePath);
        Assert.Equal("/abs/operator.key", lab.KeyPath);
        Assert.Equal(new NodeTarget("aurae-node-1", IPEndPoint.Parse("10.0.2.15:8080")), lab.Nodes[0]);
        Assert.Equal(new NodeTarget("aurae-node-2", new IPEndPoint(IPAddress.Parse("fd00::2"), 8080)), lab.Nodes[1]);
        Assert.Empty(config.FindContext("other")!.Nodes);
    }

    [Fact]
    public void Relative_paths_resolve_against_the_config_files_directory() =>
        Assert.Equal("/etc/aurae/pki/ca.crt", ClientConfigLoader.Parse(Valid, "/etc/aurae/config.yaml").Contexts[0].CertificateAuthorityPath);

    [Fact]
    public void A_missing_file_says_where_it_looked_and_how_to_get_one()
    {
        var error = Assert.Throws<ClientConfigException>(() => ClientConfigLoader.Load("/nonexistent/aurae/config.yaml"));
        Assert.Contains("/nonexistent/aurae/config.yaml", error.Message);
        Assert.Contains("AURAECONFIG", error.Message);
    }

    [Theory]
    [InlineData("contexts:\n  lab:\n    ca: /a\n    certificate: /b\n    key: /c\n    nodes:\n      - name: n1\n        endpoint: 10.0.2.15\n",
        8, 19, "contexts.lab.nodes[0].endpoint", "no port")]
    [InlineData("contexts:\n  lab:\n    ca: /a\n    certificate: /b\n    key: /c\n    nodes:\n      - name: n1\n        endpoint: node1.lan:8080\n",
        8, 19, "contexts.lab.nodes[0].endpoint", "not an IP address")]
    [InlineData("contexts:\n  lab:\n    ca: /a\n    certificate: /b\n    key: /c\n    nodes:\n      - name: n1\n        endpoint: 10.0.2.15:99999\n",
        8, 19, "contexts.lab.nodes[0].endpoint", "not a port")]
    [InlineData("contexts:\n  lab:\n    ca: /a\n    certificate: /b\n    nodes: []\n",
        3, 5, "contexts.lab", "missing 'key'")]
    [InlineData("contexts:\n  lab:\n    ca: /a\n    certificate: /b\n    key: /c\n    node: []\n",
        6, 5, "contexts.lab.node", "unknown key 'node'")]
    [InlineData("context: prod\ncontexts:\n  lab:\n    ca: /a\n    certificate: /b\n    key: /c\n",
        1, 10, "context", "no context named 'prod'; known: lab")]
    [InlineData("contexts:\n  lab:\n    ca: /a\n    certificate: /b\n    key: /c\n    nodes:\n      - name: n1\n        endpoint: 10.0.0.1:1\n      - name: n1\n        endpoint: 10.0.0.2:1\n",
        9, 9, "contexts.lab.nodes[1].name", "listed twice")]
    [InlineData("contexts:\n  lab:\n    ca: /a\n    certificate: [x]\n    key: /c\n",
        4, 18, "contexts.lab.certificate", "expected a string")]
    [InlineData("contexts:\n  lab:\n    ca: /a\n    certificate: /b\n    key: /c\n    nodes: 10.0.0.1:1\n",
        6, 12, "contexts.lab.nodes", "expected a list")]
    [InlineData("contexts: {}\n", 1, 11, "contexts", "no contexts")]
    [InlineData("contexts: [lab]\n", 1, 11, "contexts", "expected a mapping")]
    public void Errors_name_the_line_column_and_field(string yaml, int line, int column, string field, string problem)
    {
        var error = Assert.Throws<ClientConfigException>(() => ClientConfigLoader.Parse(yaml, "/x/config.yaml"));
        Assert.Equal((line, column, field), (error.Line, error.Column, error.Field));
        Assert.Contains(problem, error.Problem);
        Assert.StartsWith($"/x/config.yaml:{line}:{column}: field '{field}': ", error.Message);
    }

    [Theory]
    [InlineData("contexts:\n  lab: [\n", 3, 1)]
    [InlineData("contexts:\n  lab:\n    ca: /a\n   key: /c\n", 4, 4)]
    [InlineData("contexts:\n  lab:\n    ca: /a\n    ca: /b\n", 4, 5)]
    public void Syntax_errors_give_the_parsers_position(string yaml, int line, int column)
    {
        var error = Assert.Throws<ClientConfigException>(() => ClientConfigLoader.Parse(yaml, "/x/config.yaml"));
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"/x/config.yaml:{line}:{column}: ", error.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error_at_its_start()
    {
        var error = Assert.Throws<ClientConfigException>(() => ClientConfigLoader.Parse("# nothing\n", "/x/config.yaml"));
        Assert.Equal((1, 1), (error.Line, error.Column));
    }
}
