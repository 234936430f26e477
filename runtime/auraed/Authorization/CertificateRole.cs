using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Daemon.Authorization;

/// <summary>
/// Reads a client's <see cref="Role"/> from its certificate's subject: exactly one
/// Organization (O) value, exactly "admin" or "reader". Anything else — no certificate, no O,
/// another value, a different case, two O values, an unreadable subject — is no role, so the
/// client is denied every call rather than guessed at.
/// </summary>
public static class CertificateRole
{
    // X.520 organizationName.
    private const string OrganizationOid = "2.5.4.10";

    public static Role? Of(X509Certificate2? certificate)
    {
        if (certificate is null)
            return null;
        var organizations = Organizations(certificate.SubjectName);
        if (organizations is not [var organization])
            return null;
        return organization switch
        {
            RoleNames.Admin => Role.Admin,
            RoleNames.Reader => Role.Reader,
            _ => null,
        };
    }

    /// <summary>
    /// Every O value in the name, multi-valued RDNs included; null when the name cannot be read.
    /// Parsed from the DER rather than from <see cref="X500DistinguishedName.Name"/>, whose
    /// text form would let a value containing ", O=admin" pass for a second attribute.
    /// </summary>
    public static IReadOnlyList<string>? Organizations(X500DistinguishedName name)
    {
        var values = new List<string>();
        try
        {
            var reader = new AsnReader(name.RawData, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            while (sequence.HasData)
            {
                var relativeName = sequence.ReadSetOf(skipSortOrderValidation: true);
                while (relativeName.HasData)
                {
                    var attribute = relativeName.ReadSequence();
                    var type = attribute.ReadObjectIdentifier();
                    if (type == OrganizationOid)
                    {
                        var tag = attribute.PeekTag();
                        if (tag.TagClass != TagClass.Universal)
                            return null;
                        values.Add(attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue));
                    }
                    else
                    {
                        attribute.ReadEncodedValue();
                    }
                    attribute.ThrowIfNotEmpty();
                }
            }
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException or CryptographicException)
        {
            // ReadCharacterString throws ArgumentException for a tag that is not a string type.
            return null;
        }
        return values;
    }
}
