using System.Net;
using System.Text.Json;
using Aurae.Api.Discovery.V0;
using Aurae.Api.Node.V0;
using Aurae.Cli;
using Aurae.Cli.Output;
using Aurae.Contract.Client;
using Google.Protobuf;

namespace Aurae.Client.Tests.Cli;

public sealed class JsonOutputTests
{
    private static readonly NodeTarget One = new("aurae-node-1", IPEndPoint.Parse("10.0.2.15:8080"));
    private static readonly NodeTarget Two = new("aurae-node-2", IPEndPoint.Parse("10.0.2.16:8080"));

    private static InfoResponse Info() => new()
    {
        Node = new NodeInfo
        {
            Hostname = "aurae-node-1",
            KernelRelease = "6.12.48+deb13-amd64",
            UptimeSeconds = 12.5,
            DaemonPid = 1,
            Addresses = { new InterfaceAddress { Interface = "eth0", Cidr = "10.0.2.15/24" } },
            LoadedModules = { "virtio_net" },
        },
    };

    [Fact]
    public void One_node_prints_the_message_in_protobuf_json_with_defaults()
    {
        using var json = JsonDocument.Parse(JsonOutput.Format(Info()));
        var node = json.RootElement.GetProperty("node");
        Assert.Equal("aurae-node-1", node.GetProperty("hostname").GetString());
        Assert.Equal("6.12.48+deb13-amd64", node.GetProperty("kernelRelease").GetString());
        Assert.Equal(12.5, node.GetProperty("uptimeSeconds").GetDouble());
        Assert.Equal(1, node.GetProperty("daemonPid").GetInt32());
        Assert.Equal("10.0.2.15/24", node.GetProperty("addresses")[0].GetProperty("cidr").GetString());
        Assert.Equal("virtio_net", node.GetProperty("loadedModules")[0].GetString());
        // Defaults are printed too, so scripts can rely on every field being there.
        Assert.Equal("", node.GetProperty("kernelCmdline").GetString());
    }

    [Fact]
    public void Several_nodes_print_one_object_keyed_by_node_with_errors_in_place()
    {
        var text = JsonOutput.Keyed(
        [
            NodeResult<IMessage>.Succeeded(One, Info()),
            NodeResult<IMessage>.Failed(Two, new RpcFailure("Unavailable", "connection refused", IsConnection: true)),
        ]);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(["aurae-node-1", "aurae-node-2"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("aurae-node-1", json.RootElement.GetProperty("aurae-node-1").GetProperty("node").GetProperty("hostname").GetString());
        var error = json.RootElement.GetProperty("aurae-node-2").GetProperty("error");
        Assert.Equal("Unavailable", error.GetProperty("code").GetString());
        Assert.Equal("connection refused", error.GetProperty("message").GetString());
    }

    [Fact]
    public void Stream_items_from_several_nodes_are_tagged_with_the_node()
    {
        using var json = JsonDocument.Parse(JsonOutput.Tagged("aurae-node-2", new Aurae.Api.Observe.V0.LogItem { Line = "hello", Timestamp = 5 }));
        Assert.Equal("aurae-node-2", json.RootElement.GetProperty("node").GetString());
        Assert.Equal("hello", json.RootElement.GetProperty("item").GetProperty("line").GetString());
        Assert.Equal("5", json.RootElement.GetProperty("item").GetProperty("timestamp").GetString());
    }
}
