namespace Aurae.Contract.Client;

/// <summary>
/// One set of credentials and the nodes they open: the fleet CA that signed the nodes'
/// certificates, the operator's certificate and key, and the nodes by name and address.
/// Paths are absolute once loaded (relative ones resolve against the config file's directory).
/// </summary>
public sealed record ClientContext(
    string Name,
    string CertificateAuthorityPath,
    string CertificatePath,
    string KeyPath,
    IReadOnlyList<NodeTarget> Nodes)
{
    public NodeTarget? FindNode(string name) => Nodes.FirstOrDefault(n => n.Name == name);

    /// <exception cref="ClientConfigException">A credential file is missing or unreadable.</exception>
    public ClientIdentity LoadIdentity()
    {
        try
        {
            return ClientIdentity.FromPemFiles(CertificateAuthorityPath, CertificatePath, KeyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ClientConfigException($"context '{Name}': cannot load its credentials: {e.Message}", e);
        }
    }
}
