using System.Net;
using Aurae.Contract.Client;

namespace Aurae.Client.Tests.Configuration;

public sealed class NodeSelectionTests
{
    private static readonly NodeTarget One = new("aurae-node-1", IPEndPoint.Parse("10.0.2.15:8080"));
    private static readonly NodeTarget Two = new("aurae-node-2", IPEndPoint.Parse("10.0.2.16:8080"));
    private static readonly NodeTarget Three = new("aurae-node-3", IPEndPoint.Parse("10.0.2.17:8080"));

    private static readonly ClientConfig Config = new("lab",
    [
        new ClientContext("lab", "/ca", "/crt", "/key", [One, Two, Three]),
        new ClientContext("bare", "/ca2", "/crt2", "/key2", []),
    ]);

    [Fact]
    public void No_nodes_selected_means_every_node_of_the_current_context()
    {
        var selection = NodeSelection.Select(Config, null, []);
        Assert.Equal("lab", selection.Context.Name);
        Assert.Equal([One, Two, Three], selection.Targets);
    }

    [Fact]
    public void Names_pick_nodes_in_the_order_given_comma_separated_or_repeated() =>
        Assert.Equal([Three, One, Two], NodeSelection.Select(Config, null, ["aurae-node-3,aurae-node-1", "aurae-node-2", "aurae-node-1"]).Targets);

    [Fact]
    public void Ad_hoc_nodes_give_name_and_address()
    {
        var selection = NodeSelection.Select(Config, "bare", ["edge=192.168.1.9:8080", "aurae-v6=[fd00::9]:8080"]);
        Assert.Equal("bare", selection.Context.Name);
        Assert.Equal([new NodeTarget("edge", IPEndPoint.Parse("192.168.1.9:8080")),
            new NodeTarget("aurae-v6", new IPEndPoint(IPAddress.Parse("fd00::9"), 8080))], selection.Targets);
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var error = Assert.Throws<ClientConfigException>(() => NodeSelection.Select(Config, null, ["aurae-node-9"]));
        Assert.Contains("no node named 'aurae-node-9' in context 'lab'", error.Message);
        Assert.Contains("known: aurae-node-1, aurae-node-2, aurae-node-3", error.Message);
    }

    [Theory]
    [InlineData("prod", "no context named 'prod'; known: lab, bare")]
    public void An_unknown_context_lists_the_known_ones(string context, string message) =>
        Assert.Contains(message, Assert.Throws<ClientConfigException>(() => NodeSelection.Select(Config, context, [])).Message);

    [Fact]
    public void A_context_without_nodes_needs_some_picked() =>
        Assert.Contains("lists no nodes", Assert.Throws<ClientConfigException>(() => NodeSelection.Select(Config, "bare", [])).Message);

    [Theory]
    [InlineData("=10.0.0.1:1", "needs the name")]
    [InlineData("edge=10.0.0.1", "no port")]
    [InlineData("edge=edge.lan:8080", "not an IP address")]
    public void Bad_ad_hoc_nodes_say_why(string item, string message) =>
        Assert.Contains(message, Assert.Throws<ClientConfigException>(() => NodeSelection.Select(Config, null, [item])).Message);

    [Fact]
    public void Without_a_current_context_a_single_context_is_used_and_several_are_ambiguous()
    {
        Assert.Equal("lab", NodeSelection.Select(Config with { CurrentContext = null, Contexts = [Config.Contexts[0]] }, null, []).Context.Name);
        Assert.Contains("--context", Assert.Throws<ClientConfigException>(() => NodeSelection.Select(Config with { CurrentContext = null }, null, [])).Message);
    }
}
