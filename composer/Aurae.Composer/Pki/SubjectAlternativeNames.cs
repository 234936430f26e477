using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Composer.Pki;

/// <summary>The DNS names and IP addresses a certificate is valid for.</summary>
internal sealed record SubjectAlternativeNames(IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> Addresses)
{
    private const string Oid = "2.5.29.17";

    public static SubjectAlternativeNames Of(X509Certificate2 certificate)
    {
        var raw = certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == Oid);
        if (raw is null)
            return new SubjectAlternativeNames([], []);
        // Re-wrapped because the collection does not always hand back the typed extension.
        var extension = new X509SubjectAlternativeNameExtension(raw.RawData, raw.Critical);
        return new SubjectAlternativeNames(extension.EnumerateDnsNames().ToArray(), extension.EnumerateIPAddresses().ToArray());
    }

    public override string ToString() =>
        string.Join(", ", DnsNames.Select(n => $"DNS:{n}").Concat(Addresses.Select(a => $"IP:{a}")));
}
