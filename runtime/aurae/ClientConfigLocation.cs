using Aurae.Contract.Client;

namespace Aurae.Cli;

/// <summary>
/// Where the CLI looks for its client config when --config is not given: the environment is the
/// program's to read, not the contract library's.
/// </summary>
internal static class ClientConfigLocation
{
    /// <summary>$AURAECONFIG, else ~/.config/aurae/config.yaml.</summary>
    public static string Default()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ClientConfig.EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
            return fromEnvironment;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".config", "aurae", "config.yaml");
    }
}
