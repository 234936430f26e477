namespace Aurae.Contract.Client;

/// <summary>
/// The client's configuration file (as talosctl's): named contexts, each with credentials and
/// nodes, and which context is current.
/// </summary>
public sealed record ClientConfig(string? CurrentContext, IReadOnlyList<ClientContext> Contexts)
{
    /// <summary>Overrides the default location, as KUBECONFIG and TALOSCONFIG do for theirs.</summary>
    public const string EnvironmentVariable = "AURAECONFIG";

    /// <summary>$AURAECONFIG, else ~/.config/aurae/config.yaml.</summary>
    public static string DefaultPath()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
            return fromEnvironment;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".config", "aurae", "config.yaml");
    }

    public ClientContext? FindContext(string name) => Contexts.FirstOrDefault(c => c.Name == name);
}
