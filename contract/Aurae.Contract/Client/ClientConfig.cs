namespace Aurae.Contract.Client;

/// <summary>
/// The client's configuration file (as talosctl's): named contexts, each with credentials and
/// nodes, and which context is current.
/// </summary>
public sealed record ClientConfig(string? CurrentContext, IReadOnlyList<ClientContext> Contexts)
{
    /// <summary>
    /// Overrides the default location (~/.config/aurae/config.yaml), as KUBECONFIG and TALOSCONFIG
    /// do for theirs; the aurae CLI reads it (its ClientConfigLocation).
    /// </summary>
    public const string EnvironmentVariable = "AURAECONFIG";

    public ClientContext? FindContext(string name) => Contexts.FirstOrDefault(c => c.Name == name);
}
