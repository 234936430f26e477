using System.Net;
using Aurae.Composer.Pki;

namespace Aurae.Composer.Tests.Pki;

public class NodeIdentityTests
{
    [Theory]
    [InlineData("n1", "n1", new string[0])]
    [InlineData("aurae-node-1=10.0.0.5", "aurae-node-1", new[] { "10.0.0.5" })]
    [InlineData("node.example.com=10.0.0.5,10.0.0.6", "node.example.com", new[] { "10.0.0.5", "10.0.0.6" })]
    [InlineData("n1=10.0.0.5, fd00::5", "n1", new[] { "10.0.0.5", "fd00::5" })]
    [InlineData("0node=::1", "0node", new[] { "::1" })]
    public void Parse_accepts_cli_syntax(string spec, string name, string[] addresses)
    {
        var node = NodeIdentity.Parse(spec);

        Assert.Equal(name, node.Name);
        Assert.Equal(addresses.Select(IPAddress.Parse), node.Addresses);
        Assert.Equal(node, NodeIdentity.Parse(node.ToString()));
    }

    [Theory]
    [InlineData("", "the name is empty")]
    [InlineData("Node1", "'Node1' must be lowercase (did you mean 'node1'?)")]
    [InlineData("node_1", "'node_1' contains '_'")]
    [InlineData("no\0de", "contains '\0'")]
    [InlineData("-node", "label '-node' which starts or ends with '-'")]
    [InlineData("node-", "label 'node-' which starts or ends with '-'")]
    [InlineData("a..b", "'a..b' has an empty label")]
    [InlineData("node.", "'node.' has an empty label")]
    [InlineData("../etc", "'../etc' has an empty label")]
    [InlineData("n1=", "no address after '='")]
    [InlineData("n1=10.0.0.5,,10.0.0.6", "address 2 is empty")]
    [InlineData("n1=10.0.0.x", "'10.0.0.x' is not an IP address")]
    [InlineData("n1=10.1", "'10.1' is not an IP address")]
    [InlineData("n1=010.0.0.1", "'010.0.0.1' is not an IP address")]
    [InlineData("n1=10.0.0.256", "'10.0.0.256' is not an IP address")]
    [InlineData("n1=fe80::1%eth0", "zone index")]
    [InlineData("n1=fd00::zz", "'fd00::zz' is not an IPv6 address")]
    [InlineData("n1=10.0.0.5,10.0.0.5", "'10.0.0.5' is listed twice")]
    public void Parse_names_the_bad_part(string spec, string expected)
    {
        var error = Assert.Throws<FormatException>(() => NodeIdentity.Parse(spec));

        Assert.StartsWith($"invalid node '{spec}': ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Lowercase_suggestion_is_only_offered_when_it_would_be_valid()
    {
        var error = Assert.Throws<FormatException>(() => NodeIdentity.Parse("Node_1"));

        Assert.Equal("invalid node 'Node_1': 'Node_1' must be lowercase", error.Message);
    }

    [Fact]
    public void Name_length_limits_follow_rfc_1123()
    {
        var label63 = new string('a', 63);
        var name253 = string.Join('.', label63, label63, label63, new string('b', 61));
        Assert.Equal(253, name253.Length);

        Assert.Equal(name253, new NodeIdentity(name253).Name);
        Assert.Contains("at most 63", Assert.Throws<ArgumentException>(() => new NodeIdentity(label63 + "a")).Message);
        Assert.Contains("at most 253", Assert.Throws<ArgumentException>(() => new NodeIdentity(name253 + "b")).Message);
    }

    [Fact]
    public void Constructor_rejects_duplicate_addresses()
    {
        var address = IPAddress.Parse("10.0.0.5");

        var error = Assert.Throws<ArgumentException>(() => new NodeIdentity("n1", [address, address]));

        Assert.Contains("10.0.0.5 is listed twice", error.Message);
    }
}
