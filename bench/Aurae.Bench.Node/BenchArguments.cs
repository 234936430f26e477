using Aurae.Contract.Client;
using System.Net;
using Aurae.Client;

namespace Aurae.Bench.Node;

/// <summary>
/// "--name value" options, and whatever follows "--" (a command to launch). Missing or malformed
/// options fail with the option's name: the scripts are the only callers, but a typo must be plain.
/// </summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    public BenchArguments(IEnumerable<string> arguments)
    {
        var list = arguments.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == "--")
            {
                Rest = list[(i + 1)..];
                return;
            }
            if (!list[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= list.Count)
                throw new ArgumentException($"expected '--name value', got '{list[i]}'");
            _options[list[i][2..]] = list[++i];
        }
    }

    /// <summary>The words after "--".</summary>
    public IReadOnlyList<string> Rest { get; } = [];

    public string? Optional(string name) => _options.GetValueOrDefault(name);

    public string Required(string name) =>
        Optional(name) ?? throw new ArgumentException($"missing --{name}");

    public int Integer(string name, int fallback) =>
        Optional(name) is { } text
            ? int.TryParse(text, out var value) && value > 0 ? value : throw new ArgumentException($"--{name} '{text}' is not a positive integer")
            : fallback;

    /// <summary>Like <see cref="Integer"/>, but 0 is allowed: "none of these" (a part of a benchmark left out).</summary>
    public int Count(string name, int fallback) =>
        Optional(name) is { } text
            ? int.TryParse(text, out var value) && value >= 0 ? value : throw new ArgumentException($"--{name} '{text}' is not a count (0 or more)")
            : fallback;

    /// <summary>The node named by --endpoint IP:PORT, --node NAME and --pki DIR (the operator's identity).</summary>
    public NodeAddress Node() => new(
        IPEndPoint.TryParse(Required("endpoint"), out var endpoint) ? endpoint : throw new ArgumentException($"--endpoint '{Required("endpoint")}' is not IP:PORT"),
        Required("node"),
        ClientIdentity.FromPkiDirectory(Required("pki")));
}

/// <summary>Where a node's API is and who we are to it.</summary>
public sealed record NodeAddress(IPEndPoint Endpoint, string Name, ClientIdentity Operator)
{
    public Grpc.Net.Client.GrpcChannel OpenChannel() => NodeChannel.Open(Endpoint, Name, Operator);
}
