using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Contract.Enrollment;
using Aurae.Serve.Enrollment;
using Aurae.Serve.Groups;
using Aurae.Composer.Tests.Pki;
using Aurae.Serve.Tests;

namespace Aurae.Serve.Tests.Enrollment;

/// <summary>
/// Enrollment decisions against a real fleet CA (made by PkiInitializer, as `aurae-compose pki init`
/// does) with certificate requests made by .NET as a node would make them.
/// </summary>
public sealed class EnrollmentDeskTests : IDisposable
{
    private const string Allowlisted = "52:54:00:12:34:56";
    private const string Unknown = "52:54:00:00:00:01";
    private const string Peer = "192.0.2.7:40000";

    private readonly ServeTestSite site = new();
    private readonly EnrollmentAuthority authority;
    private readonly BootstrapTokens tokens;
    private readonly ApprovalDirectory approvals;
    private readonly EnrollmentDesk desk;
    private readonly List<string> log = [];
    private readonly ECDsa nodeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public EnrollmentDeskTests()
    {
        authority = EnrollmentAuthority.Load(site.PkiDirectory, TimeProvider.System);
        tokens = new BootstrapTokens(authority.CaKeyPkcs8, TimeSpan.FromMinutes(15), TimeProvider.System);
        approvals = new ApprovalDirectory(site.StateDirectory);
        var groups = new GroupTable([
            new MachineGroup("rest", "worker", MachineSelector.Everyone),
            new MachineGroup("node-a", "worker", new MachineSelector(Allowlisted, null, null)),
        ]);
        desk = new EnrollmentDesk(groups, tokens, authority, approvals, line => { lock (log) log.Add(line); });
    }

    public void Dispose()
    {
        nodeKey.Dispose();
        authority.Dispose();
        site.Dispose();
    }

    private EnrollmentOutcome Enroll(string mac, string? token = null, string? csr = null) =>
        desk.Decide(new EnrollmentRequest(token ?? tokens.Issue(mac), mac, csr ?? ServeTestSite.Csr(nodeKey, "CN=" + mac)), Peer);

    [Fact]
    public void An_allowlisted_mac_gets_a_certificate_from_the_fleet_ca_named_after_its_group()
    {
        var outcome = Enroll(Allowlisted);

        Assert.Equal(200, outcome.StatusCode);
        Assert.Equal("node-a", outcome.Response.Name);
        Assert.Null(outcome.Response.Reason);
        using var certificate = X509Certificate2.CreateFromPem(outcome.Response.Certificate);
        EnrolledCertificate.AssertIssuedTo(certificate, "node-a", nodeKey, authority.CaCertificate);
        Assert.Contains(log, line => line.Contains($"enroll {Peer} {Allowlisted}: enrolled as node-a", StringComparison.Ordinal));
    }

    [Fact]
    public void The_name_and_key_usage_the_request_asks_for_are_ignored()
    {
        var request = new CertificateRequest("CN=operator", nodeKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("aurae-enroll");
        names.AddDnsName("operator");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));

        var outcome = Enroll(Allowlisted, csr: request.CreateSigningRequestPem());

        Assert.Equal(200, outcome.StatusCode);
        using var certificate = X509Certificate2.CreateFromPem(outcome.Response.Certificate);
        EnrolledCertificate.AssertIssuedTo(certificate, "node-a", nodeKey, authority.CaCertificate);
        Assert.DoesNotContain(certificate.Extensions.OfType<X509BasicConstraintsExtension>(), c => c.CertificateAuthority);
    }

    [Fact]
    public void A_token_enrolls_once()
    {
        var token = tokens.Issue(Allowlisted);
        Assert.Equal(200, Enroll(Allowlisted, token).StatusCode);

        var again = Enroll(Allowlisted, token);

        Assert.Equal(403, again.StatusCode);
        Assert.Equal("bootstrap token was already used to enroll", again.Response.Reason);
        Assert.Null(again.Response.Certificate);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_token_enroll_once()
    {
        var token = tokens.Issue(Allowlisted);
        var csr = ServeTestSite.Csr(nodeKey);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => desk.Decide(new EnrollmentRequest(token, Allowlisted, csr), Peer))));

        Assert.Single(outcomes, o => o.StatusCode == 200);
        Assert.All(outcomes.Where(o => o.StatusCode != 200), o => Assert.Equal((403, "bootstrap token was already used to enroll"), (o.StatusCode, o.Response.Reason)));
    }

    [Fact]
    public void A_token_that_expires_while_waiting_for_approval_is_refused()
    {
        var issuedAt = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(20);
        var stale = new BootstrapTokens(authority.CaKeyPkcs8, TimeSpan.FromMinutes(15), new FixedClock(issuedAt)).Issue(Unknown);
        approvals.Approve(Unknown, DateTimeOffset.UtcNow);

        var outcome = Enroll(Unknown, stale);

        Assert.Equal(403, outcome.StatusCode);
        Assert.StartsWith("bootstrap token expired at ", outcome.Response.Reason);
    }

    [Fact]
    public void An_unknown_mac_waits_for_approval_then_enrolls_as_node_mac()
    {
        var token = tokens.Issue(Unknown);

        var waiting = Enroll(Unknown, token);

        Assert.Equal(202, waiting.StatusCode);
        Assert.Null(waiting.Response.Certificate);
        Assert.Contains(Unknown, waiting.Response.Reason);
        Assert.StartsWith("waiting for approval", waiting.Response.Reason);
        var pending = Path.Combine(site.StateDirectory, "pending", "52-54-00-00-00-01");
        Assert.True(File.Exists(pending), $"{pending} not written");
        Assert.Contains(Peer, File.ReadAllText(pending));
        Assert.Equal([Unknown], approvals.Pending());
        // Polling again before approval changes nothing (and does not spend the token).
        Assert.Equal(202, Enroll(Unknown, token).StatusCode);

        approvals.Approve(Unknown, DateTimeOffset.UtcNow);
        var enrolled = Enroll(Unknown, token);

        Assert.Equal(200, enrolled.StatusCode);
        Assert.Equal("node-525400000001", enrolled.Response.Name);
        using var certificate = X509Certificate2.CreateFromPem(enrolled.Response.Certificate);
        EnrolledCertificate.AssertIssuedTo(certificate, "node-525400000001", nodeKey, authority.CaCertificate);
        Assert.False(File.Exists(pending));
        Assert.Empty(approvals.Pending());
        Assert.True(approvals.IsApproved(Unknown));
    }

    [Fact]
    public void A_token_issued_to_another_mac_is_refused_naming_both()
    {
        var outcome = Enroll(Allowlisted, tokens.Issue(Unknown));

        Assert.Equal(403, outcome.StatusCode);
        Assert.Equal($"bootstrap token was issued to {Unknown}, not {Allowlisted}", outcome.Response.Reason);
        Assert.Contains(log, line => line.Contains("refused", StringComparison.Ordinal) && line.Contains(Allowlisted, StringComparison.Ordinal));
    }

    [Fact]
    public void The_mac_is_compared_normalised()
    {
        var outcome = desk.Decide(new EnrollmentRequest(tokens.Issue(Allowlisted), "52-54-00-12-34-56".ToUpperInvariant(), ServeTestSite.Csr(nodeKey)), Peer);

        Assert.Equal(200, outcome.StatusCode);
    }

    [Fact]
    public void A_token_from_another_ca_is_refused()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var foreign = new BootstrapTokens(other.ExportPkcs8PrivateKey(), TimeSpan.FromMinutes(15), TimeProvider.System).Issue(Allowlisted);

        var outcome = Enroll(Allowlisted, foreign);

        Assert.Equal(403, outcome.StatusCode);
        Assert.Contains("not valid", outcome.Response.Reason);
    }

    [Fact]
    public void A_garbage_csr_is_malformed_and_does_not_spend_the_token()
    {
        var token = tokens.Issue(Allowlisted);

        var outcome = Enroll(Allowlisted, token, "-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgcmVxdWVzdA==\n-----END CERTIFICATE REQUEST-----\n");

        Assert.Equal(400, outcome.StatusCode);
        Assert.StartsWith("the certificate request is not valid", outcome.Response.Reason);
        Assert.Equal(200, Enroll(Allowlisted, token).StatusCode);
    }

    [Fact]
    public void A_csr_whose_signature_does_not_verify_is_malformed()
    {
        // The signature is the node's proof that it holds the key: a request for someone else's key fails it.
        var der = new CertificateRequest("CN=" + Allowlisted, nodeKey, HashAlgorithmName.SHA256).CreateSigningRequest();
        der[^1] ^= 0x01; // the last byte of the ECDSA signature's s
        var csr = PemEncoding.WriteString("CERTIFICATE REQUEST", der);

        var outcome = Enroll(Allowlisted, csr: csr);

        Assert.Equal(400, outcome.StatusCode);
        Assert.StartsWith("the certificate request is not valid", outcome.Response.Reason);
        Assert.Contains("signature", outcome.Response.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_csr_that_is_not_pem_at_all_is_malformed()
    {
        var outcome = Enroll(Allowlisted, csr: "hello");

        Assert.Equal(400, outcome.StatusCode);
        Assert.StartsWith("the certificate request is not valid", outcome.Response.Reason);
    }

    [Fact]
    public void A_csr_with_an_rsa_key_is_malformed()
    {
        using var rsa = RSA.Create(2048);
        var csr = new CertificateRequest("CN=" + Allowlisted, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem();

        var outcome = Enroll(Allowlisted, csr: csr);

        Assert.Equal(400, outcome.StatusCode);
        Assert.Contains("not an ECDSA key", outcome.Response.Reason);
    }

    [Theory]
    [InlineData(false, true, true)]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    public void A_request_missing_a_field_is_malformed(bool token, bool mac, bool csr)
    {
        var outcome = desk.Decide(new EnrollmentRequest(
            token ? tokens.Issue(Allowlisted) : null, mac ? Allowlisted : null, csr ? ServeTestSite.Csr(nodeKey) : null), Peer);

        Assert.Equal(400, outcome.StatusCode);
        Assert.Equal("the request needs token, mac and csr", outcome.Response.Reason);
    }

    [Fact]
    public void A_request_with_an_empty_token_is_malformed()
    {
        var outcome = desk.Decide(new EnrollmentRequest("", Allowlisted, ServeTestSite.Csr(nodeKey)), Peer);

        Assert.Equal(400, outcome.StatusCode);
        Assert.Equal("the request needs token, mac and csr", outcome.Response.Reason);
    }

    [Fact]
    public void A_mac_that_is_not_a_mac_is_malformed()
    {
        var outcome = desk.Decide(new EnrollmentRequest(tokens.Issue(Allowlisted), "node-a", ServeTestSite.Csr(nodeKey)), Peer);

        Assert.Equal(400, outcome.StatusCode);
        Assert.Equal("'node-a' is not a MAC address", outcome.Response.Reason);
    }
}

/// <summary>The checks the node makes on the certificate it gets (protocol v1), as assertions.</summary>
public static class EnrolledCertificate
{
    public static void AssertIssuedTo(X509Certificate2 certificate, string name, ECDsa nodeKey, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(certificate),
            "chain: " + string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status} {s.StatusInformation}")));
        Assert.Equal(ca.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);

        Assert.Equal(name, certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        var san = Assert.Single(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal([name], san.EnumerateDnsNames().ToArray());
        var usage = Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Contains(usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), oid => oid.Value == "1.3.6.1.5.5.7.3.1");
        using var publicKey = certificate.GetECDsaPublicKey();
        Assert.NotNull(publicKey);
        Assert.Equal(nodeKey.ExportSubjectPublicKeyInfo(), publicKey.ExportSubjectPublicKeyInfo());
        Assert.False(certificate.HasPrivateKey);
    }
}
