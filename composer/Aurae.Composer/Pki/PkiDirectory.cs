using Aurae.Contract.Client;

namespace Aurae.Composer.Pki;

/// <summary>
/// The on-disk layout of a fleet PKI directory. This is the only place that knows file names (the
/// operator's, which clients read too, are named in <see cref="OperatorPkiFiles"/>):
/// <code>
/// DIR/ca.crt, DIR/ca.key               the fleet CA
/// DIR/operator.crt, DIR/operator.key   the operator client certificate
/// DIR/nodes/NAME.crt, NAME.key         one server certificate per node
/// DIR/clients/NAME.crt, NAME.key       one client certificate per named client, its role in O
/// </code>
/// </summary>
public sealed class PkiDirectory
{
    public PkiDirectory(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = root;
    }

    /// <summary>The directory as given (not made absolute) so messages echo what the user typed.</summary>
    public string Root { get; }

    public string CaCertificatePath => Path.Combine(Root, OperatorPkiFiles.CaCertificate);

    public string CaKeyPath => Path.Combine(Root, "ca.key");

    public string OperatorCertificatePath => Path.Combine(Root, OperatorPkiFiles.Certificate);

    public string OperatorKeyPath => Path.Combine(Root, OperatorPkiFiles.Key);

    public string NodesDirectory => Path.Combine(Root, "nodes");

    public string NodeCertificatePath(string nodeName) => Path.Combine(NodesDirectory, CheckedName(nodeName) + ".crt");

    public string NodeKeyPath(string nodeName) => Path.Combine(NodesDirectory, CheckedName(nodeName) + ".key");

    public string ClientsDirectory => Path.Combine(Root, "clients");

    public string ClientCertificatePath(string clientName) => Path.Combine(ClientsDirectory, CheckedClientName(clientName) + ".crt");

    public string ClientKeyPath(string clientName) => Path.Combine(ClientsDirectory, CheckedClientName(clientName) + ".key");

    /// <summary>Reads and checks the PEM material a node image needs; see <see cref="NodePkiLoader"/>.</summary>
    /// <exception cref="PkiException">Anything missing, mismatched, expired or not issued by the CA.</exception>
    public static NodePki LoadForNode(string dir, string nodeName, TimeProvider? clock = null) =>
        NodePkiLoader.Load(new PkiDirectory(dir), nodeName, clock ?? TimeProvider.System);

    /// <summary>Reads and checks the CA certificate for an image whose nodes enroll at boot.</summary>
    /// <exception cref="PkiException">The CA certificate is missing, unreadable or not current.</exception>
    public static EnrollingNodePki LoadForEnrollingNode(string dir, string nodeName, TimeProvider? clock = null) =>
        NodePkiLoader.LoadForEnrollment(new PkiDirectory(dir), nodeName, clock ?? TimeProvider.System);

    // The name becomes a file name: the hostname rule keeps it from escaping nodes/.
    private static string CheckedName(string nodeName) =>
        HostName.Validate(nodeName) is { } error
            ? throw new ArgumentException($"invalid node name: {error}", nameof(nodeName))
            : nodeName;

    // The client name rule likewise keeps a client's files inside clients/.
    private static string CheckedClientName(string clientName) =>
        ClientSubject.ValidateName(clientName) is { } error
            ? throw new ArgumentException($"invalid client name: {error}", nameof(clientName))
            : clientName;
}
