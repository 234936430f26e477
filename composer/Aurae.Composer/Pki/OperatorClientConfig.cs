using System.Net;
using Aurae.Contract.Client;
using Aurae.Contract.Manifest;

namespace Aurae.Composer.Pki;

/// <summary>
/// The `aurae` configuration `pki init` leaves for the operator (DIR/aurae.yaml): the operator's
/// certificate and every node given with an address, so `AURAECONFIG=DIR/aurae.yaml aurae node info`
/// works at once. An existing file is the operator's own and is never rewritten.
/// </summary>
public static class OperatorClientConfig
{
    public const string FileName = "aurae.yaml";

    /// <summary>Writes the file if it does not exist yet; returns its path and whether it was written.</summary>
    public static (string Path, bool Written) WriteIfAbsent(string pkiDirectory, IReadOnlyList<NodeIdentity> nodes)
    {
        var pki = new PkiDirectory(Path.GetFullPath(pkiDirectory));
        var path = Path.Combine(pki.Root, FileName);
        if (File.Exists(path))
            return (path, false);
        var targets = nodes
            .Where(node => node.Addresses.Count > 0)
            .Select(node => new NodeTarget(node.Name, new IPEndPoint(node.Addresses[0], ApiPort.Default)))
            .ToList();
        var context = new ClientContext(Path.GetFileName(pki.Root.TrimEnd('/')) is { Length: > 0 } name ? name : "default",
            pki.CaCertificatePath, pki.OperatorCertificatePath, pki.OperatorKeyPath, targets);
        ClientConfigWriter.Write(path, new ClientConfig(context.Name, [context]));
        return (path, true);
    }
}
