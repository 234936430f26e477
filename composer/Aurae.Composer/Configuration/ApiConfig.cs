using System.Net;
using Aurae.Contract.Manifest;

namespace Aurae.Composer.Configuration;

/// <summary>
/// Where auraed serves its gRPC API, and its Prometheus metrics (null: not served). IP literals
/// only: the node has no DNS resolver. The two must have ports of their own (checked when node.yaml is read).
/// </summary>
public sealed record ApiConfig(IPEndPoint Listen, IPEndPoint? Metrics)
{
    public static IPEndPoint DefaultListen => new(IPAddress.Any, ApiPort.Default);

    public static IPEndPoint DefaultMetrics => new(IPAddress.Any, MetricsPort.Default);

    public static ApiConfig Default => new(DefaultListen, DefaultMetrics);

    /// <summary>
    /// Whether the two share a port. The daemon tells metrics from API calls by the port a
    /// connection came in on, so the same port is refused even on two addresses.
    /// </summary>
    public static bool Overlap(IPEndPoint first, IPEndPoint second) => first.Port == second.Port;
}
