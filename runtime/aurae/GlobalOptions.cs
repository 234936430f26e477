using System.CommandLine;

namespace Aurae.Cli;

/// <summary>Options every subcommand takes (recursive, so they may come before or after it).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Config { get; } = new("--config")
    {
        Description = "The client config (default: $AURAECONFIG, else ~/.config/aurae/config.yaml).",
        Recursive = true,
    };

    public Option<string?> Context { get; } = new("--context")
    {
        Description = "The context to use instead of the config's current one.",
        Recursive = true,
    };

    public Option<string[]> Nodes { get; } = new("--nodes", "-n")
    {
        Description = "Nodes by name in the context, or ad hoc as NAME=IP:PORT; comma-separated or repeated (default: all of the context's nodes).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print results as JSON (protobuf JSON mapping); several nodes give an object keyed by node name.",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Config);
        root.Options.Add(Context);
        root.Options.Add(Nodes);
        root.Options.Add(Json);
    }
}
