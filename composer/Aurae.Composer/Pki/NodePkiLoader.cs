using System.Security.Cryptography.X509Certificates;

namespace Aurae.Composer.Pki;

/// <summary>
/// Reads what one node image needs from a PKI directory and checks it before it is baked into an
/// image, where a bad certificate would only show up as a TLS failure on a booted node.
/// </summary>
internal static class NodePkiLoader
{
    public static NodePki Load(PkiDirectory directory, string nodeName, TimeProvider clock)
    {
        var initCommand = $"`aurae-compose pki init {directory.Root} --node {nodeName}`";
        var now = clock.GetUtcNow();
        using var ca = ReadCurrentCa(directory, nodeName, initCommand, now);
        RequireFile(directory.NodeCertificatePath(nodeName), initCommand);
        RequireFile(directory.NodeKeyPath(nodeName), initCommand);

        var certificatePath = directory.NodeCertificatePath(nodeName);
        var keyPath = directory.NodeKeyPath(nodeName);
        using var certificate = PemFiles.ReadCertificate(certificatePath);
        using var key = PemFiles.ReadPrivateKey(keyPath);
        PemFiles.RequireMatchingKey(certificate, certificatePath, key, keyPath);
        RequireCurrent(certificate, certificatePath, now);

        if (CertificateAuthority.VerifyIssued(certificate, ca, now, CertificateProfiles.ServerAuth) is { } problem)
            throw new PkiException($"'{certificatePath}' does not verify against '{directory.CaCertificatePath}': {problem}");

        var names = SubjectAlternativeNames.Of(certificate);
        if (!names.DnsNames.Contains(nodeName, StringComparer.OrdinalIgnoreCase))
            throw new PkiException($"'{certificatePath}' is not valid for the name '{nodeName}' (its names: {names})");

        return new NodePki(
            nodeName,
            ca.ExportCertificatePem() + "\n",
            certificate.ExportCertificatePem() + "\n",
            key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>The CA certificate alone, checked current, for an image whose nodes enroll at boot.</summary>
    public static EnrollingNodePki LoadForEnrollment(PkiDirectory directory, string nodeName, TimeProvider clock)
    {
        using var ca = ReadCurrentCa(directory, nodeName, $"`aurae-compose pki init {directory.Root}`", clock.GetUtcNow());
        return new EnrollingNodePki(nodeName, ca.ExportCertificatePem() + "\n");
    }

    /// <summary>The CA certificate, checked current, after the node name and the directory are checked.</summary>
    private static X509Certificate2 ReadCurrentCa(PkiDirectory directory, string nodeName, string initCommand, DateTimeOffset now)
    {
        if (HostName.Validate(nodeName) is { } nameError)
            throw new PkiException($"invalid node name: {nameError}");
        if (!Directory.Exists(directory.Root))
            throw new PkiException($"PKI directory '{directory.Root}' does not exist");
        RequireFile(directory.CaCertificatePath, initCommand);
        var ca = PemFiles.ReadCertificate(directory.CaCertificatePath);
        try
        {
            RequireCurrent(ca, directory.CaCertificatePath, now);
            return ca;
        }
        catch
        {
            ca.Dispose();
            throw;
        }
    }

    private static void RequireFile(string path, string initCommand)
    {
        if (!File.Exists(path))
            throw new PkiException($"'{path}' not found: run {initCommand}");
    }

    private static void RequireCurrent(X509Certificate2 certificate, string path, DateTimeOffset now)
    {
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        if (notAfter < now)
            throw new PkiException($"'{path}' expired on {notAfter:yyyy-MM-dd HH:mm} UTC");
        if (notBefore > now)
            throw new PkiException($"'{path}' is not valid until {notBefore:yyyy-MM-dd HH:mm} UTC; check this machine's clock");
    }
}
