using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Daemon.Tests.Authorization;

/// <summary>Self-signed client certificates with chosen subjects; only the subject matters to authorization.</summary>
public static class TestCertificates
{
    public static X509Certificate2 WithSubject(X500DistinguishedName subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
    }

    /// <summary>CN=<paramref name="commonName"/> and one O attribute per organization, as UTF8String.</summary>
    public static X509Certificate2 Client(string commonName, params string[] organizations)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        foreach (var organization in organizations)
            builder.AddOrganizationName(organization);
        return WithSubject(builder.Build());
    }

    /// <summary>
    /// A subject encoded by hand, for shapes the builder refuses: each inner array is one
    /// relative distinguished name (several attributes make it multi-valued), values as UTF8String.
    /// </summary>
    public static X500DistinguishedName Subject(params (string Oid, string Value)[][] relativeNames)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var relativeName in relativeNames)
            {
                using (writer.PushSetOf())
                {
                    foreach (var (oid, value) in relativeName)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(oid);
                            writer.WriteCharacterString(UniversalTagNumber.UTF8String, value);
                        }
                    }
                }
            }
        }
        return new X500DistinguishedName(writer.Encode());
    }

    /// <summary>CN and one O, with the O value encoded as the given string type.</summary>
    public static X509Certificate2 ClientWithEncodedOrganization(string commonName, string organization, UniversalTagNumber encoding)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        builder.Add("2.5.4.10", organization, encoding);
        return WithSubject(builder.Build());
    }
}
