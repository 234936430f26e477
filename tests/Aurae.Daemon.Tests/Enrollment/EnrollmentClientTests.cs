using System.Security.Cryptography.X509Certificates;
using Aurae.Daemon.Enrollment;

namespace Aurae.Daemon.Tests.Enrollment;

/// <summary>The node's enrollment client against an in-process serve, over real TLS.</summary>
public sealed class EnrollmentClientTests
{
    private readonly TestFleet _fleet = new();

    [Fact]
    public async Task Enrolls_on_200_installs_the_certificate_and_sets_the_hostname()
    {
        using var node = new EnrollmentHarness(_fleet);
        await using var serve = await FakeServe.StartAsync(_fleet.Serve(FleetCertificateCheck.ServeName),
            (_, request) => ServeAnswer.Enrolled("node-a", _fleet.SignNode(request.Csr, "node-a")));

        Assert.True(await node.RunAsync(serve.Endpoint));

        Assert.True(node.Status.IsEnrolled);
        Assert.Equal(["node-a"], node.HostnamesSet);
        Assert.Equal("CN=node-a", node.Identity.Certificate.Subject);
        Assert.True(node.Identity.Certificate.HasPrivateKey);
        var request = Assert.Single(serve.Requests);
        Assert.Equal(EnrollmentHarness.Token, request.Token);
        Assert.Equal(EnrollmentHarness.Mac, request.Mac);
        var csr = CertificateRequest.LoadSigningRequestPem(request.Csr!, System.Security.Cryptography.HashAlgorithmName.SHA256);
        Assert.Equal($"CN={EnrollmentHarness.Mac}", csr.SubjectName.Name);
        var fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(node.Identity.Certificate.RawData));
        Assert.Contains($"enrollment: enrolled as node-a by {serve.Endpoint} (certificate sha256 {fingerprint})",
            await EnrollmentHarness.LogLinesAsync());
    }

    [Fact]
    public async Task Polls_after_202_until_approved()
    {
        using var node = new EnrollmentHarness(_fleet);
        var states = new List<string>();
        await using var serve = await FakeServe.StartAsync(_fleet.Serve(FleetCertificateCheck.ServeName), (number, request) =>
        {
            states.Add(node.Status.State);
            return number < 3
                ? ServeAnswer.Refused(202, $"waiting for approval: aurae-compose serve approve {request.Mac}") with { RetryAfterSeconds = 2 }
                : ServeAnswer.Enrolled("node-525400123456", _fleet.SignNode(request.Csr, "node-525400123456"));
        });

        Assert.True(await node.RunAsync(serve.Endpoint));

        Assert.Equal(3, serve.Requests.Count);
        Assert.Equal(["enrolling with " + serve.Endpoint, "waiting for approval", "waiting for approval"], states);
        Assert.Equal(["node-525400123456"], node.HostnamesSet);
        // Logged once per state change, not once per poll.
        var log = await EnrollmentHarness.LogLinesAsync();
        Assert.Single(log, l => l.StartsWith($"enrollment: waiting for approval by {serve.Endpoint}:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_403_is_final_with_the_reason_in_the_state_and_the_log()
    {
        using var node = new EnrollmentHarness(_fleet);
        const string reason = "bootstrap token expired at 2026-11-23T18:00:00Z";
        await using var serve = await FakeServe.StartAsync(_fleet.Serve(FleetCertificateCheck.ServeName),
            (_, _) => ServeAnswer.Refused(403, reason));

        Assert.False(await node.RunAsync(serve.Endpoint));

        Assert.Single(serve.Requests);
        Assert.False(node.Status.IsEnrolled);
        Assert.Equal($"refused by {serve.Endpoint}: {reason}", node.Status.State);
        Assert.Contains($"enrollment: refused by {serve.Endpoint}: {reason}", await EnrollmentHarness.LogLinesAsync());
        Assert.Empty(node.HostnamesSet);
        Assert.Equal("CN=aurae-unenrolled", node.Identity.Certificate.Subject);
    }

    [Fact]
    public async Task A_400_is_final_too()
    {
        using var node = new EnrollmentHarness(_fleet);
        await using var serve = await FakeServe.StartAsync(_fleet.Serve(FleetCertificateCheck.ServeName),
            (_, _) => ServeAnswer.Refused(400, "csr is not a PKCS#10 request"));

        Assert.False(await node.RunAsync(serve.Endpoint));

        Assert.Single(serve.Requests);
        Assert.Equal($"refused by {serve.Endpoint}: csr is not a PKCS#10 request", node.Status.State);
    }

    [Fact]
    public async Task A_5xx_is_retried_then_enrolls()
    {
        using var node = new EnrollmentHarness(_fleet);
        await using var serve = await FakeServe.StartAsync(_fleet.Serve(FleetCertificateCheck.ServeName), (number, request) =>
            number < 3 ? ServeAnswer.Refused(503, "restarting") : ServeAnswer.Enrolled("node-a", _fleet.SignNode(request.Csr, "node-a")));

        Assert.True(await node.RunAsync(serve.Endpoint));

        Assert.Equal(3, serve.Requests.Count);
        Assert.Single(await EnrollmentHarness.LogLinesAsync(),
            l => l == $"enrollment: {serve.Endpoint} answered HTTP 503: restarting; retrying");
    }

    [Fact]
    public async Task Never_sends_the_token_to_a_serve_certified_by_another_CA()
    {
        using var node = new EnrollmentHarness(_fleet);
        var impostor = new TestFleet("Impostor CA");
        await using var serve = await FakeServe.StartAsync(impostor.Serve(FleetCertificateCheck.ServeName),
            (_, request) => ServeAnswer.Enrolled("node-a", impostor.SignNode(request.Csr, "node-a")));

        Assert.False(await node.RunAsync(serve.Endpoint, TimeSpan.FromSeconds(1)));

        Assert.Empty(serve.Requests);
        Assert.False(node.Status.IsEnrolled);
        var line = Assert.Single(await EnrollmentHarness.LogLinesAsync(),
            l => l.StartsWith($"enrollment: serve at {serve.Endpoint} is not trusted, the token was not sent:", StringComparison.Ordinal));
        Assert.Contains("Test Fleet CA", line);
    }

    [Fact]
    public async Task Never_sends_the_token_to_a_fleet_certificate_without_the_aurae_enroll_name()
    {
        using var node = new EnrollmentHarness(_fleet);
        // A node's certificate: same CA, serverAuth, but named for a node, as a stolen node key would be.
        await using var serve = await FakeServe.StartAsync(_fleet.Serve("node-b"),
            (_, request) => ServeAnswer.Enrolled("node-a", _fleet.SignNode(request.Csr, "node-a")));

        Assert.False(await node.RunAsync(serve.Endpoint, TimeSpan.FromSeconds(1)));

        Assert.Empty(serve.Requests);
        Assert.Contains(await EnrollmentHarness.LogLinesAsync(),
            l => l.StartsWith($"enrollment: serve at {serve.Endpoint} is not trusted", StringComparison.Ordinal)
                 && l.Contains("no DNS SAN aurae-enroll (SANs: node-b)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refuses_a_returned_certificate_for_another_key()
    {
        using var node = new EnrollmentHarness(_fleet);
        await using var serve = await FakeServe.StartAsync(_fleet.Serve(FleetCertificateCheck.ServeName),
            (_, _) => ServeAnswer.Enrolled("node-a", _fleet.SignOtherKey("node-a")));

        Assert.False(await node.RunAsync(serve.Endpoint));

        Assert.Single(serve.Requests);
        Assert.False(node.Status.IsEnrolled);
        Assert.Contains("another public key", node.Status.State);
        Assert.Empty(node.HostnamesSet);
        Assert.Equal("CN=aurae-unenrolled", node.Identity.Certificate.Subject);
    }

    [Fact]
    public async Task Refuses_a_returned_certificate_that_names_another_node()
    {
        using var node = new EnrollmentHarness(_fleet);
        await using var serve = await FakeServe.StartAsync(_fleet.Serve(FleetCertificateCheck.ServeName),
            (_, request) => ServeAnswer.Enrolled("node-a", _fleet.SignNode(request.Csr, "node-b")));

        Assert.False(await node.RunAsync(serve.Endpoint));

        Assert.False(node.Status.IsEnrolled);
        Assert.Contains("does not name node-a", node.Status.State);
    }

    [Fact]
    public async Task Unreachable_serve_is_retried_and_logged_once()
    {
        using var node = new EnrollmentHarness(_fleet);
        // A port nothing listens on: take one from a serve, then stop it.
        System.Net.IPEndPoint endpoint;
        await using (var gone = await FakeServe.StartAsync(_fleet.Serve(FleetCertificateCheck.ServeName), (_, _) => ServeAnswer.Refused(403, "x")))
            endpoint = gone.Endpoint;

        Assert.False(await node.RunAsync(endpoint, TimeSpan.FromSeconds(1)));

        Assert.Equal($"enrolling with {endpoint}", node.Status.State);
        Assert.Single(await EnrollmentHarness.LogLinesAsync(),
            l => l.StartsWith($"enrollment: cannot reach {endpoint}:", StringComparison.Ordinal));
    }
}
