using System.CommandLine;
using Aurae.Cli.Output;
using Aurae.Client;
using Aurae.Contract.Client;
using Grpc.Net.Client;

namespace Aurae.Cli;

/// <summary>
/// What one invocation works with: the selected nodes, the credentials to reach them, and
/// where output goes. Resolved when a command runs, so `--help` needs no config.
/// </summary>
internal sealed class NodeSession(IReadOnlyList<NodeTarget> targets, ClientIdentity identity, NodeOutput output, bool json)
{
    public IReadOnlyList<NodeTarget> Targets => targets;

    public NodeOutput Output => output;

    public bool Json => json;

    /// <summary>Several nodes: results are prefixed, or keyed by node in JSON.</summary>
    public bool IsFanOut => targets.Count > 1;

    public static NodeSession Open(ParseResult parse, GlobalOptions globals, CliConsole console)
    {
        var config = ClientConfigLoader.Load(parse.GetValue(globals.Config) ?? ClientConfigLocation.Default());
        var selection = NodeSelection.Select(config, parse.GetValue(globals.Context), parse.GetValue(globals.Nodes) ?? []);
        var identity = selection.Context.LoadIdentity();
        return new NodeSession(selection.Targets, identity, new NodeOutput(console, selection.Targets.Count > 1), parse.GetValue(globals.Json));
    }

    public GrpcChannel OpenChannel(NodeTarget target) => NodeChannel.Open(target.Endpoint, target.Name, identity);
}
