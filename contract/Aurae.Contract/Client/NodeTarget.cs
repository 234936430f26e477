using System.Net;

namespace Aurae.Contract.Client;

/// <summary>
/// A node to talk to: the name its certificate carries (what the TLS check expects) and the
/// address to dial (nodes have no resolver, so clients dial IPs).
/// </summary>
public sealed record NodeTarget(string Name, IPEndPoint Endpoint)
{
    /// <summary>"aurae-node-1 (10.0.2.15:8080)": how a node is named in messages.</summary>
    public override string ToString() => $"{Name} ({EndpointSyntax.Format(Endpoint)})";
}
