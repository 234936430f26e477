namespace Aurae.Daemon.Hosting;

/// <summary>The extended key usages (RFC 5280 §4.2.1.12) the node's TLS checks and certificates name.</summary>
public static class ExtendedKeyUsage
{
    /// <summary>id-kp-serverAuth: a node's certificate, and serve's.</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>id-kp-clientAuth: an operator's certificate.</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
}
