using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Hosting;

/// <summary>
/// Who may complete a TLS handshake: a client certificate that chains to the node's CA
/// (and only that CA, not the system store) and is meant for client authentication.
/// Everything else is refused at the handshake, before any request is read.
/// </summary>
public sealed class ClientCertificatePolicy(X509Certificate2 certificateAuthority)
{
    public bool Accepts(X509Certificate2? certificate)
    {
        if (certificate is null)
            return Refuse("no client certificate");

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(certificateAuthority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ExtendedKeyUsage.ClientAuthentication));
        if (!chain.Build(certificate))
        {
            var reasons = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()));
            return Refuse($"certificate '{certificate.Subject}' rejected: {reasons}");
        }
        return true;
    }

    private static bool Refuse(string why)
    {
        ConsoleLog.Warn("tls", $"handshake refused: {why}");
        return false;
    }
}
