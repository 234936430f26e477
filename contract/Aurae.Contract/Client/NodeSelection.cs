namespace Aurae.Contract.Client;

/// <summary>
/// Which context's credentials to use and which nodes to talk to, from <c>--context</c> and
/// <c>-n</c>. A node is picked by its name in the context, or given ad hoc as <c>name=IP:PORT</c>
/// (name being the one in its certificate); no nodes picked means every node of the context.
/// </summary>
public sealed record NodeSelection(ClientContext Context, IReadOnlyList<NodeTarget> Targets)
{
    /// <param name="contextName">--context, or null for the config's current context.</param>
    /// <param name="nodeArguments">-n values; each may hold several, comma-separated.</param>
    /// <exception cref="ClientConfigException">The context or a node is unknown, or nothing is selected.</exception>
    public static NodeSelection Select(ClientConfig config, string? contextName, IEnumerable<string> nodeArguments)
    {
        var context = ChooseContext(config, contextName);
        var targets = new List<NodeTarget>();
        foreach (var item in nodeArguments.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var target = Resolve(context, item);
            if (targets.Any(t => t.Name == target.Name && !t.Endpoint.Equals(target.Endpoint)))
                throw new ClientConfigException($"node '{target.Name}' is selected with two different endpoints");
            if (!targets.Contains(target))
                targets.Add(target);
        }
        if (targets.Count > 0)
            return new NodeSelection(context, targets);
        if (context.Nodes.Count == 0)
            throw new ClientConfigException($"context '{context.Name}' lists no nodes; pick some with -n NAME=IP:PORT");
        return new NodeSelection(context, context.Nodes);
    }

    private static ClientContext ChooseContext(ClientConfig config, string? contextName)
    {
        var name = contextName ?? config.CurrentContext;
        if (name is null)
        {
            if (config.Contexts.Count == 1)
                return config.Contexts[0];
            throw new ClientConfigException($"no current context; choose one with --context ({KnownContexts(config)})");
        }
        return config.FindContext(name)
            ?? throw new ClientConfigException($"no context named '{name}'; known: {KnownContexts(config)}");
    }

    private static NodeTarget Resolve(ClientContext context, string item)
    {
        var equals = item.IndexOf('=');
        if (equals >= 0)
        {
            var name = item[..equals];
            if (name.Length == 0)
                throw new ClientConfigException($"'{item}': an ad-hoc node needs the name in its certificate, as NAME=IP:PORT");
            return EndpointSyntax.TryParse(item[(equals + 1)..], out var endpoint) is { } error
                ? throw new ClientConfigException($"node '{name}': {error}")
                : new NodeTarget(name, endpoint);
        }
        return context.FindNode(item) ?? throw new ClientConfigException(
            $"no node named '{item}' in context '{context.Name}'; known: " +
            (context.Nodes.Count == 0 ? "none" : string.Join(", ", context.Nodes.Select(n => n.Name))) +
            " (or give one ad hoc as NAME=IP:PORT)");
    }

    private static string KnownContexts(ClientConfig config) => string.Join(", ", config.Contexts.Select(c => c.Name));
}
