using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Aurae.Contract.Client;

/// <summary>
/// Reads the client configuration. Everything is checked at load time so that a command fails
/// before dialling anything; the first problem is reported with its file, line:column and field.
/// Credential files are not opened here: they are read when a context is used.
/// </summary>
public static class ClientConfigLoader
{
    private static readonly string[] TopKeys = ["context", "contexts"];
    private static readonly string[] ContextKeys = ["ca", "certificate", "key", "nodes"];
    private static readonly string[] NodeKeys = ["name", "endpoint"];

    /// <exception cref="ClientConfigException">The file is missing, unreadable or invalid.</exception>
    public static ClientConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ClientConfigException(
                $"no client config at '{path}' (set --config or ${ClientConfig.EnvironmentVariable}; `aurae-compose pki init` writes one)", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClientConfigException($"cannot read client config '{path}': {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Reads <paramref name="text"/> as if it were the file <paramref name="path"/> (relative paths resolve against its directory).</summary>
    public static ClientConfig Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ClientConfigException(path, (int)e.Start.Line, (int)e.Start.Column, null, $"YAML syntax error: {e.Message}");
        }
        if (stream.Documents.Count == 0)
            throw new ClientConfigException(path, 1, 1, null, "the file is empty; it needs 'contexts'");
        if (stream.Documents.Count > 1)
            throw At(path, stream.Documents[1].RootNode, null, "a second YAML document; the config holds exactly one");

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        var reader = new Reader(path, baseDirectory);
        return reader.ReadConfig(stream.Documents[0].RootNode);
    }

    private static ClientConfigException At(string path, YamlNode node, string? field, string problem) =>
        new(path, (int)node.Start.Line, (int)node.Start.Column, field, problem);

    private sealed class Reader(string path, string baseDirectory)
    {
        public ClientConfig ReadConfig(YamlNode root)
        {
            var top = Mapping(root, "", TopKeys);
            var contexts = new List<ClientContext>();
            if (Optional(top, "contexts") is not { } contextsNode)
                throw At(path, root, null, "missing 'contexts'");
            foreach (var (key, value) in Mapping(contextsNode, "contexts", []).Children)
            {
                var name = Name(key, "contexts");
                contexts.Add(ReadContext(value, name, $"contexts.{name}"));
            }
            if (contexts.Count == 0)
                throw At(path, contextsNode, "contexts", "no contexts; add at least one");

            string? current = null;
            if (Optional(top, "context") is { } currentNode)
            {
                current = Scalar(currentNode, "context");
                if (contexts.All(c => c.Name != current))
                    throw At(path, currentNode, "context", $"no context named '{current}'; known: {string.Join(", ", contexts.Select(c => c.Name))}");
            }
            return new ClientConfig(current, contexts);
        }

        private ClientContext ReadContext(YamlNode node, string name, string field)
        {
            var context = Mapping(node, field, ContextKeys);
            var nodes = new List<NodeTarget>();
            if (Optional(context, "nodes") is { } nodesNode)
            {
                if (nodesNode is not YamlSequenceNode sequence)
                    throw At(path, nodesNode, $"{field}.nodes", "expected a list of nodes (- name: ..., endpoint: IP:PORT)");
                foreach (var item in sequence.Children)
                {
                    var itemField = $"{field}.nodes[{nodes.Count}]";
                    var target = ReadNode(item, itemField);
                    if (nodes.Any(n => n.Name == target.Name))
                        throw At(path, item, $"{itemField}.name", $"node '{target.Name}' is listed twice");
                    nodes.Add(target);
                }
            }
            return new ClientContext(name,
                FilePath(Required(context, "ca", field), $"{field}.ca"),
                FilePath(Required(context, "certificate", field), $"{field}.certificate"),
                FilePath(Required(context, "key", field), $"{field}.key"),
                nodes);
        }

        private NodeTarget ReadNode(YamlNode node, string field)
        {
            var mapping = Mapping(node, field, NodeKeys);
            var nameNode = Required(mapping, "name", field);
            var name = Scalar(nameNode, $"{field}.name");
            if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c is ',' or '='))
                throw At(path, nameNode, $"{field}.name", $"'{name}' is not a node name (the name in its certificate; no spaces, ',' or '=')");
            var endpointNode = Required(mapping, "endpoint", field);
            var endpointText = Scalar(endpointNode, $"{field}.endpoint");
            if (EndpointSyntax.TryParse(endpointText, out var endpoint) is { } error)
                throw At(path, endpointNode, $"{field}.endpoint", error);
            return new NodeTarget(name, endpoint);
        }

        private string FilePath(YamlNode node, string field)
        {
            var value = Scalar(node, field);
            if (value.Length == 0)
                throw At(path, node, field, "expected a file path");
            if (value == "~" || value.StartsWith("~/", StringComparison.Ordinal))
                value = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + value[1..];
            return Path.GetFullPath(value, baseDirectory);
        }

        private YamlMappingNode Mapping(YamlNode node, string field, string[] knownKeys)
        {
            if (node is not YamlMappingNode mapping)
                throw At(path, node, field, $"expected a mapping, found {Describe(node)}");
            foreach (var key in mapping.Children.Keys)
            {
                var name = Name(key, field);
                if (knownKeys.Length > 0 && !knownKeys.Contains(name))
                    throw At(path, key, Join(field, name), $"unknown key '{name}'; expected one of: {string.Join(", ", knownKeys)}");
            }
            return mapping;
        }

        private string Name(YamlNode key, string field) =>
            key is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw At(path, key, field, "a key must be a non-empty string");

        private static YamlNode? Optional(YamlMappingNode mapping, string key) =>
            mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private YamlNode Required(YamlMappingNode mapping, string key, string field) =>
            Optional(mapping, key) ?? throw At(path, mapping, field, $"missing '{key}'");

        private string Scalar(YamlNode node, string field) =>
            node is YamlScalarNode { Value: { } value } scalar && !(scalar.Style == ScalarStyle.Plain && value is "" or "~" or "null")
                ? value
                : throw At(path, node, field, $"expected a string, found {Describe(node)}");

        private static string Join(string field, string key) => field.Length == 0 ? key : $"{field}.{key}";

        private static string Describe(YamlNode node) => node switch
        {
            YamlMappingNode => "a mapping",
            YamlSequenceNode => "a list",
            YamlScalarNode { Value: null or "" or "~" or "null" } => "nothing",
            YamlScalarNode scalar => $"'{scalar.Value}'",
            _ => node.NodeType.ToString(),
        };
    }
}
