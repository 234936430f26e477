using Aurae.Api.Cells.V0;

namespace Aurae.Cli.Syntax;

/// <summary>NODEPORT:PORT, as `aurae run --publish` and workloads.yaml's ports write it.</summary>
internal static class PublishedPortSyntax
{
    /// <summary>"8080:80" → node port 8080 forwarded to the workload's port 80.</summary>
    /// <exception cref="FormatException">Not two ports 1-65535; the message starts with the text.</exception>
    public static PublishedPort Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2 || !ushort.TryParse(parts[0], out var nodePort) || !ushort.TryParse(parts[1], out var port) || nodePort == 0 || port == 0)
            throw new FormatException($"'{text}': expected NODEPORT:PORT, each 1-65535, e.g. 8080:80");
        return new PublishedPort { NodePort = nodePort, Port = port };
    }
}
