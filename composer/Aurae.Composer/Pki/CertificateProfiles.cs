using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Composer.Pki;

/// <summary>
/// The kinds of certificate in an Aurae PKI, as certificate requests. Issuer-dependent
/// extensions (authority key identifier) and validity are added when the CA signs.
/// </summary>
internal static class CertificateProfiles
{
    public const string CaCommonName = "aurae-ca";
    public const string OperatorCommonName = "operator";

    /// <summary>The role carried in the operator certificate's Organization; auraed authorizes on it.</summary>
    public const string AdminRole = "admin";

    /// <summary>X.520 organizationName (O), where a client certificate carries its role.</summary>
    public const string OrganizationOid = "2.5.4.10";

    public static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    public static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A CA that may sign leaf certificates only (path length 0).</summary>
    public static CertificateRequest CertificateAuthority(ECDsa key)
    {
        var request = new CertificateRequest(Name(CaCommonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request;
    }

    public static CertificateRequest Operator(ECDsa key, string role)
    {
        var request = new CertificateRequest(Name(OperatorCommonName, role), key, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, ClientAuth);
        return request;
    }

    /// <summary>A named client: CN is its name, O its role, usable for TLS client authentication only.</summary>
    public static CertificateRequest Client(ECDsa key, ClientSubject client)
    {
        var request = new CertificateRequest(Name(client.Name, client.Role.Name()), key, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, ClientAuth);
        return request;
    }

    /// <summary>
    /// The DNS name in the certificate of <c>aurae-compose serve</c>'s enrollment endpoint, which
    /// enrolling nodes require; no node is ever issued it.
    /// </summary>
    public const string EnrollmentServerName = Aurae.Contract.Enrollment.EnrollmentProtocol.ServerName;

    public static CertificateRequest Node(ECDsa key, NodeIdentity node) =>
        Node(new CertificateRequest(Name(node.Name), key, HashAlgorithmName.SHA256), node);

    /// <summary>A node certificate for a key the node made and holds (enrollment).</summary>
    public static CertificateRequest Node(PublicKey key, NodeIdentity node) =>
        Node(new CertificateRequest(Name(node.Name), key, HashAlgorithmName.SHA256), node);

    /// <summary>The enrollment endpoint's own certificate (<see cref="EnrollmentServerName"/>).</summary>
    public static CertificateRequest EnrollmentServer(ECDsa key)
    {
        var request = new CertificateRequest(Name(EnrollmentServerName), key, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, ServerAuth);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(EnrollmentServerName);
        request.CertificateExtensions.Add(names.Build(critical: false));
        return request;
    }

    private static CertificateRequest Node(CertificateRequest request, NodeIdentity node)
    {
        AddLeafExtensions(request, ServerAuth);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(node.Name);
        foreach (var address in node.Addresses)
            names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build(critical: false));
        return request;
    }

    private static void AddLeafExtensions(CertificateRequest request, Oid usage)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
    }

    private static X500DistinguishedName Name(string commonName, string? organization = null)
    {
        // The builder takes names in display order ("CN=operator, O=admin") and encodes them
        // reversed, most significant first, as OpenSSL and Go expect.
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        if (organization is not null)
            builder.AddOrganizationName(organization);
        return builder.Build();
    }
}
