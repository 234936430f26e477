using System.Text.Json;
using Aurae.Contract.Manifest;

namespace Aurae.Daemon.Init;

/// <summary>The node manifest (/etc/aurae/node.json) as the daemon reads it at start.</summary>
internal static class NodeManifestFile
{
    /// <summary>Reads and checks the manifest the composer wrote; an unreadable, invalid or newer one throws, naming the file.</summary>
    public static NodeManifest Load(string path)
    {
        NodeManifest? manifest;
        try
        {
            using var stream = File.OpenRead(path);
            manifest = JsonSerializer.Deserialize(stream, NodeManifestJsonContext.Default.NodeManifest);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot read the node manifest '{path}': {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"node manifest '{path}' is not valid: {e.Message}", e);
        }
        if (manifest is null)
            throw new InvalidOperationException($"node manifest '{path}' is empty");
        if (manifest.Version > NodeManifest.CurrentVersion)
            throw new InvalidOperationException(
                $"node manifest '{path}' has version {manifest.Version}; this daemon understands up to {NodeManifest.CurrentVersion}");
        return manifest;
    }
}
