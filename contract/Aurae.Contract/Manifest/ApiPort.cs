namespace Aurae.Contract.Manifest;

/// <summary>
/// The TCP port auraed serves its API on when node.yaml's <c>api.listen</c> names none, and the
/// port the client configuration written by <c>aurae-compose pki init</c> dials.
/// </summary>
public static class ApiPort
{
    public const int Default = 8080;
}

/// <summary>
/// The TCP port auraed serves Prometheus metrics on when node.yaml's <c>api.metrics</c> does not
/// say otherwise: node_exporter's, the port a Prometheus operator expects a node's figures on.
/// </summary>
public static class MetricsPort
{
    public const int Default = 9100;
}
