using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Aurae.Daemon.Authorization;

namespace Aurae.Daemon.Tests.Authorization;

/// <summary>The role is exactly one O attribute, exactly "admin" or "reader"; anything else is no role.</summary>
public sealed class CertificateRoleTests
{
    private const string CommonName = "2.5.4.3";
    private const string Organization = "2.5.4.10";

    [Theory]
    [InlineData("admin", Role.Admin)]
    [InlineData("reader", Role.Reader)]
    public void A_single_known_organization_is_the_role(string organization, Role role)
    {
        using var certificate = TestCertificates.Client("alice", organization);

        Assert.Equal(role, CertificateRole.Of(certificate));
    }

    [Theory]
    [InlineData("other")]
    [InlineData("Admin")]
    [InlineData("READER")]
    [InlineData(" admin")]
    [InlineData("admin ")]
    [InlineData("admin, O=reader")]
    public void Any_other_organization_is_no_role(string organization)
    {
        using var certificate = TestCertificates.Client("alice", organization);

        Assert.Null(CertificateRole.Of(certificate));
    }

    [Fact]
    public void No_organization_is_no_role()
    {
        using var certificate = TestCertificates.Client("alice");

        Assert.Null(CertificateRole.Of(certificate));
    }

    [Theory]
    [InlineData("admin", "reader")]
    [InlineData("reader", "admin")]
    [InlineData("admin", "admin")]
    [InlineData("reader", "other")]
    public void Several_organizations_are_no_role(string first, string second)
    {
        using var certificate = TestCertificates.Client("alice", first, second);

        Assert.Null(CertificateRole.Of(certificate));
    }

    [Fact]
    public void No_certificate_is_no_role() => Assert.Null(CertificateRole.Of(null));

    [Theory]
    [InlineData(UniversalTagNumber.PrintableString)]
    [InlineData(UniversalTagNumber.UTF8String)]
    public void The_string_encoding_of_the_organization_does_not_matter(UniversalTagNumber encoding)
    {
        using var certificate = TestCertificates.ClientWithEncodedOrganization("alice", "reader", encoding);

        Assert.Equal(Role.Reader, CertificateRole.Of(certificate));
    }

    [Fact]
    public void An_empty_organization_is_no_role()
    {
        using var certificate = TestCertificates.WithSubject(TestCertificates.Subject([(CommonName, "alice")], [(Organization, "")]));

        Assert.Null(CertificateRole.Of(certificate));
    }

    [Fact]
    public void An_organization_inside_a_multi_valued_rdn_counts_like_any_other()
    {
        using var single = TestCertificates.WithSubject(TestCertificates.Subject([(CommonName, "alice"), (Organization, "reader")]));
        using var twice = TestCertificates.WithSubject(TestCertificates.Subject([(CommonName, "alice"), (Organization, "reader")], [(Organization, "admin")]));

        Assert.Equal(["reader"], CertificateRole.Organizations(single.SubjectName));
        Assert.Equal(Role.Reader, CertificateRole.Of(single));
        Assert.Equal(["reader", "admin"], CertificateRole.Organizations(twice.SubjectName));
        Assert.Null(CertificateRole.Of(twice));
    }

    [Fact]
    public void A_subject_whose_organization_is_not_a_string_or_that_does_not_parse_has_none()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSetOf())
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Organization);
            writer.WriteInteger(1);
        }
        // CertificateRequest refuses such a subject, so the name is checked on its own.
        Assert.Null(CertificateRole.Organizations(new X500DistinguishedName(writer.Encode())));
        Assert.Null(CertificateRole.Organizations(new X500DistinguishedName([0x30, 0x03, 0x31, 0x01])));
    }

    [Fact]
    public void A_certificate_the_composer_would_issue_reads_as_its_role()
    {
        // Same subject shape as aurae-compose's client certificates: CN=NAME, O=ROLE.
        using var certificate = TestCertificates.WithSubject(new X500DistinguishedName("CN=bob, O=reader"));

        Assert.Equal(Role.Reader, CertificateRole.Of(certificate));
    }
}
