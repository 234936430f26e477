using Aurae.Composer.Configuration;
using Aurae.Contract.Manifest;

namespace Aurae.Composer.Initramfs;

/// <summary>Turns a node.yaml into the manifest the daemon reads at boot.</summary>
public static class NodeManifestFactory
{
    public static NodeManifest Create(NodeConfig config, IReadOnlyList<string> modulePaths) => new()
    {
        Version = NodeManifest.CurrentVersion,
        Hostname = config.Name,
        Listen = config.Api.Listen.ToString(),
        Metrics = config.Api.Metrics?.ToString(),
        Network = new NetworkManifest
        {
            Interface = config.Network.Interface,
            Dhcp = config.Network.Dhcp,
            Address = config.Network.Address?.ToString(),
            Gateway = config.Network.Gateway?.ToString(),
        },
        Modules = modulePaths,
        Pki = new PkiManifest
        {
            CaCertificate = "/" + NodeManifestPaths.CaCertificate,
            Certificate = config.Identity == NodeIdentitySource.Image ? "/" + NodeManifestPaths.Certificate : null,
            Key = config.Identity == NodeIdentitySource.Image ? "/" + NodeManifestPaths.Key : null,
        },
        Identity = config.Identity,
    };
}
