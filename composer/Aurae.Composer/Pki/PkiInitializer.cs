using System.Security.Cryptography.X509Certificates;

namespace Aurae.Composer.Pki;

/// <summary>What <see cref="PkiInitializer"/> did: files created, files found and kept, and things worth telling the user.</summary>
public sealed record PkiInitResult(IReadOnlyList<string> Created, IReadOnlyList<string> Kept, IReadOnlyList<string> Warnings);

/// <summary>
/// Creates and extends a PKI directory (CA, operator, nodes, named clients) without ever
/// replacing anything in it: an existing CA is reused, existing certificates are kept, and
/// only missing ones are issued. Anything
/// inconsistent (a certificate without its key, a file that does not parse, a certificate from
/// another CA) stops the run with a message naming the file, before anything is written for it.
/// </summary>
public static class PkiInitializer
{
    /// <summary>Creates the CA and operator certificate if absent, then every missing node certificate.</summary>
    public static PkiInitResult Init(string dir, IReadOnlyList<NodeIdentity> nodes, TimeProvider? clock = null) =>
        Init(dir, nodes, [], clock);

    /// <summary>
    /// Creates the CA and operator certificate if absent, then every missing node and client
    /// certificate. An existing client certificate is kept even if its role differs (with a warning).
    /// </summary>
    public static PkiInitResult Init(string dir, IReadOnlyList<NodeIdentity> nodes, IReadOnlyList<ClientSubject> clients, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(clients);
        var repeated = nodes.GroupBy(n => n.Name).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new PkiException($"node '{repeated.Key}' is given more than once");
        var repeatedClient = clients.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (repeatedClient is not null)
            throw new PkiException($"client '{repeatedClient.Key}' is given more than once");

        var run = new Run(new PkiDirectory(dir), clock ?? TimeProvider.System);
        if (File.Exists(dir))
            throw new PkiException($"PKI directory '{dir}' is a file");
        AtomicFiles.EnsureDirectory(dir);
        using var authority = run.EnsureAuthority();
        run.EnsureOperator(authority);
        foreach (var node in nodes)
            run.EnsureNode(authority, node);
        foreach (var client in clients)
            run.EnsureClient(authority, client);
        return run.Result();
    }

    /// <summary>Issues a certificate for <paramref name="node"/> from an existing CA, unless it already has one.</summary>
    public static PkiInitResult AddNode(string dir, NodeIdentity node, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var directory = new PkiDirectory(dir);
        if (!Directory.Exists(dir))
            throw new PkiException($"PKI directory '{dir}' does not exist: run `aurae-compose pki init {dir}` first");
        if (!File.Exists(directory.CaCertificatePath) && !File.Exists(directory.CaKeyPath))
            throw new PkiException($"'{directory.CaCertificatePath}' not found: run `aurae-compose pki init {dir}` first");

        var run = new Run(directory, clock ?? TimeProvider.System);
        using var authority = run.EnsureAuthority();
        run.EnsureNode(authority, node);
        return run.Result();
    }

    private sealed class Run(PkiDirectory directory, TimeProvider clock)
    {
        private readonly List<string> created = [];
        private readonly List<string> kept = [];
        private readonly List<string> warnings = [];

        public PkiInitResult Result() => new(created.ToArray(), kept.ToArray(), warnings.ToArray());

        public CertificateAuthority EnsureAuthority()
        {
            if (ExistingPair(directory.CaCertificatePath, directory.CaKeyPath))
                return CertificateAuthority.Load(directory);

            // Without a CA, any leaf left in the directory was signed by a CA that is gone.
            RequireAbsent(directory.OperatorCertificatePath, directory.OperatorKeyPath);
            foreach (var leaves in new[] { directory.NodesDirectory, directory.ClientsDirectory }.Where(Directory.Exists))
                RequireAbsent(Directory.GetFiles(leaves, "*.crt").Concat(Directory.GetFiles(leaves, "*.key")).ToArray());

            var (authority, files) = CertificateAuthority.Create(clock);
            Write(directory.CaCertificatePath, directory.CaKeyPath, files);
            return authority;
        }

        public void EnsureOperator(CertificateAuthority authority)
        {
            var certificatePath = directory.OperatorCertificatePath;
            if (ExistingPair(certificatePath, directory.OperatorKeyPath))
            {
                using var existing = CheckExistingLeaf(authority, certificatePath, directory.OperatorKeyPath);
                return;
            }
            using var key = CertificateProfiles.NewKey();
            var files = authority.Issue(CertificateProfiles.Operator(key, CertificateProfiles.AdminRole), key, clock);
            Write(certificatePath, directory.OperatorKeyPath, files);
        }

        public void EnsureNode(CertificateAuthority authority, NodeIdentity node)
        {
            var certificatePath = directory.NodeCertificatePath(node.Name);
            var keyPath = directory.NodeKeyPath(node.Name);
            if (ExistingPair(certificatePath, keyPath))
            {
                using var existing = CheckExistingLeaf(authority, certificatePath, keyPath);
                var names = SubjectAlternativeNames.Of(existing);
                if (!names.Addresses.ToHashSet().SetEquals(node.Addresses))
                    warnings.Add($"kept '{certificatePath}' ({names}); it does not match the requested {node}: delete '{certificatePath}' and '{keyPath}' to reissue");
                return;
            }
            AtomicFiles.EnsureDirectory(directory.NodesDirectory);
            using var key = CertificateProfiles.NewKey();
            var files = authority.Issue(CertificateProfiles.Node(key, node), key, clock);
            Write(certificatePath, keyPath, files);
        }

        public void EnsureClient(CertificateAuthority authority, ClientSubject client)
        {
            var certificatePath = directory.ClientCertificatePath(client.Name);
            var keyPath = directory.ClientKeyPath(client.Name);
            if (ExistingPair(certificatePath, keyPath))
            {
                using var existing = CheckExistingLeaf(authority, certificatePath, keyPath);
                var organizations = Organizations(existing);
                if (organizations.Count != 1 || organizations[0] != client.Role.Name())
                {
                    var found = organizations.Count == 0 ? "no role" : $"O={string.Join(", O=", organizations)}";
                    warnings.Add($"kept '{certificatePath}' ({found}); it does not match the requested role '{client.Role.Name()}': delete '{certificatePath}' and '{keyPath}' to reissue");
                }
                return;
            }
            AtomicFiles.EnsureDirectory(directory.ClientsDirectory);
            using var key = CertificateProfiles.NewKey();
            var files = authority.Issue(CertificateProfiles.Client(key, client), key, clock);
            Write(certificatePath, keyPath, files);
        }

        private static List<string> Organizations(X509Certificate2 certificate) =>
            certificate.SubjectName.EnumerateRelativeDistinguishedNames()
                .Where(n => !n.HasMultipleElements && n.GetSingleElementType().Value == CertificateProfiles.OrganizationOid)
                .Select(n => n.GetSingleElementValue() ?? "")
                .ToList();

        /// <summary>True when both files exist, false when neither does; a lone half is an error.</summary>
        private bool ExistingPair(string certificatePath, string keyPath)
        {
            var (hasCertificate, hasKey) = (File.Exists(certificatePath), File.Exists(keyPath));
            if (hasCertificate && !hasKey)
                throw new PkiException($"'{certificatePath}' exists but its key '{keyPath}' is missing; restore the key or delete the certificate");
            if (hasKey && !hasCertificate)
                throw new PkiException($"'{keyPath}' exists but its certificate '{certificatePath}' is missing; restore the certificate or delete the key");
            if (hasCertificate)
                kept.AddRange([certificatePath, keyPath]);
            return hasCertificate;
        }

        private X509Certificate2 CheckExistingLeaf(CertificateAuthority authority, string certificatePath, string keyPath)
        {
            var certificate = PemFiles.ReadCertificate(certificatePath);
            using var key = PemFiles.ReadPrivateKey(keyPath);
            PemFiles.RequireMatchingKey(certificate, certificatePath, key, keyPath);
            if (CertificateAuthority.VerifyIssued(certificate, authority.Certificate, at: null, usage: null) is { } problem)
                throw new PkiException($"'{certificatePath}' was not issued by '{directory.CaCertificatePath}' ({problem}); delete it and its key to reissue");
            return certificate;
        }

        private void RequireAbsent(params string[] paths)
        {
            foreach (var path in paths.Where(File.Exists))
                throw new PkiException($"'{path}' exists but the CA that issued it does not; restore '{directory.CaCertificatePath}' and '{directory.CaKeyPath}' or remove the old files");
        }

        private void Write(string certificatePath, string keyPath, IssuedCredential files)
        {
            // Key first, certificate last: a certificate on disk means its key is already there.
            AtomicFiles.CreateAll([
                new NewFile(keyPath, files.KeyPem, AtomicFiles.PrivateFile),
                new NewFile(certificatePath, files.CertificatePem, AtomicFiles.PublicFile),
            ]);
            created.AddRange([certificatePath, keyPath]);
        }
    }
}
