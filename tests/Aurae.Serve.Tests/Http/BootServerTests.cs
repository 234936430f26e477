using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aurae.Serve.Configuration;
using Aurae.Serve.Enrollment;
using Aurae.Serve.Http;
using Aurae.Serve.Tests;
using Aurae.Serve.Tests.CommandLine;
using Aurae.Serve.Tests.Enrollment;

namespace Aurae.Serve.Tests.Http;

/// <summary>`aurae-compose serve` end to end in-process: iPXE scripts, boot files and enrollment over real sockets.</summary>
public sealed class BootServerTests : IAsyncLifetime
{
    private const string MacA = "52:54:00:12:34:56";
    private const string Stranger = "52:54:00:00:00:01";

    private readonly ServeTestSite site = new();
    private RunningServe serve = null!;

    public async Task InitializeAsync() => serve = await RunningServe.StartAsync(site);

    public async Task DisposeAsync()
    {
        await serve.DisposeAsync();
        site.Dispose();
    }

    [Fact]
    public async Task Boot_ipxe_is_the_chain_script()
    {
        using var response = await serve.Http.GetAsync("boot.ipxe");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(IpxeScripts.Chain, body);
        Assert.StartsWith("#!ipxe\nchain ipxe?mac=${mac:hexhyp}&uuid=${uuid}&hostname=${hostname}", body);
        serve.AssertLogged("GET /boot.ipxe", "chain");
    }

    [Fact]
    public async Task The_machine_script_boots_its_profile_with_a_token_for_its_mac()
    {
        var script = await serve.Http.GetStringAsync("ipxe?mac=52-54-00-12-34-56&uuid=&hostname=");
        const string mac = "52:54:00:12:34:56";

        var lines = script.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("#!ipxe", lines[0]);
        Assert.Equal($"initrd --name initramfs.img /assets/worker/initramfs.img?mac={mac.Replace(':', '-')}", lines[2]);
        Assert.Equal("boot", lines[3]);
        var kernel = lines[1].Split(' ');
        Assert.Equal(["kernel", $"/assets/worker/vmlinuz?mac={mac.Replace(':', '-')}", "initrd=initramfs.img", "console=ttyS0", "panic=-1"], kernel[..5]);
        Assert.Equal($"aurae.enroll=127.0.0.1:{serve.Config.Enroll.Port}", Assert.Single(kernel, a => a.StartsWith("aurae.enroll=", StringComparison.Ordinal)));
        var token = Assert.Single(kernel, a => a.StartsWith("aurae.token=", StringComparison.Ordinal))["aurae.token=".Length..];
        var check = serve.Tokens().Check(token);
        Assert.Null(check.Refusal);
        Assert.Equal(MacA, check.Mac);
        serve.AssertLogged("GET /ipxe", $"mac={MacA}", "profile worker (group node-a)");
    }

    [Fact]
    public async Task A_machine_no_group_names_gets_the_default_groups_profile()
    {
        var script = await serve.Http.GetStringAsync($"ipxe?mac={Stranger}");

        Assert.Contains("kernel /assets/worker/vmlinuz", script);
        serve.AssertLogged("GET /ipxe", $"mac={Stranger}", "(group rest)");
    }

    [Fact]
    public async Task A_bad_mac_in_the_query_is_a_400_naming_it()
    {
        using var response = await serve.Http.GetAsync("ipxe?mac=52-54-00");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'52-54-00' is not a MAC address", await response.Content.ReadAsStringAsync());
        serve.AssertLogged("GET /ipxe", "'52-54-00' is not a MAC address");
    }

    [Fact]
    public async Task Boot_files_are_served_byte_for_byte()
    {
        var kernel = await serve.Http.GetByteArrayAsync("assets/worker/vmlinuz");
        var initramfs = await serve.Http.GetByteArrayAsync("assets/worker/initramfs.img");

        Assert.Equal(ServeTestSite.KernelBytes("worker"), kernel);
        Assert.Equal(File.ReadAllBytes(Path.Combine(site.Root, "images", "worker", "initramfs.img")), initramfs);
        serve.AssertLogged("GET /assets/worker/vmlinuz", $"{kernel.Length} bytes");
        // Fetched as the machine script names it, the log says which machine took it.
        await serve.Http.GetByteArrayAsync("assets/worker/vmlinuz?mac=52-54-00-12-34-56");
        serve.AssertLogged("GET /assets/worker/vmlinuz mac=52:54:00:12:34:56", $"{kernel.Length} bytes");
        serve.AssertLogged("GET /assets/worker/initramfs.img", $"{initramfs.Length} bytes");
    }

    [Theory]
    [InlineData("/assets/worker/cmdline")]
    [InlineData("/assets/../x")]
    [InlineData("/assets/worker/../../pki/ca.key")]
    [InlineData("/assets/worker/..%2F..%2Fpki%2Fca.key")]
    [InlineData("/assets/nope/vmlinuz")]
    [InlineData("/assets/worker")]
    [InlineData("/assets/worker/vmlinuz/x")]
    [InlineData("/v1/enroll")]
    public async Task Anything_but_the_boot_files_is_not_found(string target)
    {
        Assert.Equal(404, await serve.RawGetAsync(target));
        serve.AssertLogged("not found");
    }

    [Fact]
    public async Task Enrollment_over_https_trusting_only_the_fleet_ca_gets_a_certificate()
    {
        var check = new EndpointCheck();
        using var client = serve.EnrollmentClient(serve.Authority.CaCertificate, check);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await client.PostAsJsonAsync("v1/enroll", new Dictionary<string, string>
        {
            ["token"] = serve.Tokens().Issue(MacA),
            ["mac"] = MacA,
            ["csr"] = ServeTestSite.Csr(key),
        });

        Assert.Null(check.Refusal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("node-a", body.RootElement.GetProperty("name").GetString());
        using var certificate = X509Certificate2.CreateFromPem(body.RootElement.GetProperty("certificate").GetString());
        EnrolledCertificate.AssertIssuedTo(certificate, "node-a", key, serve.Authority.CaCertificate);
        serve.AssertLogged("enroll", MacA, "enrolled as node-a");

        // What serve presented: the fleet CA's, named aurae-enroll and nothing else.
        var endpoint = Assert.IsType<X509Certificate2>(check.Seen);
        Assert.Equal(["aurae-enroll"], Assert.Single(endpoint.Extensions.OfType<X509SubjectAlternativeNameExtension>()).EnumerateDnsNames().ToArray());
        Assert.Equal(serve.Authority.CaCertificate.Subject, endpoint.Issuer);
    }

    [Fact]
    public async Task A_node_trusting_another_ca_refuses_serve()
    {
        using var other = new ServeTestSite();
        using var otherCa = X509CertificateLoader.LoadCertificateFromFile(other.CaCertificatePath);
        var check = new EndpointCheck();
        using var client = serve.EnrollmentClient(otherCa, check);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsJsonAsync("v1/enroll", new { token = "t", mac = MacA, csr = "c" }));

        Assert.StartsWith("chain:", check.Refusal);
    }

    [Fact]
    public async Task An_unknown_machine_is_told_to_wait_with_retry_after()
    {
        using var client = serve.EnrollmentClient(serve.Authority.CaCertificate, new EndpointCheck());
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await client.PostAsJsonAsync("v1/enroll", new { token = serve.Tokens().Issue(Stranger), mac = Stranger, csr = ServeTestSite.Csr(key) });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(Stranger, body.RootElement.GetProperty("reason").GetString());
        Assert.False(body.RootElement.TryGetProperty("certificate", out _));
        serve.AssertLogged("enroll", Stranger, "waiting for approval");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task A_body_that_is_not_an_enrollment_request_is_a_400(string body)
    {
        using var client = serve.EnrollmentClient(serve.Authority.CaCertificate, new EndpointCheck());

        using var response = await client.PostAsync("v1/enroll", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_token_for_another_mac_is_a_403_over_https()
    {
        using var client = serve.EnrollmentClient(serve.Authority.CaCertificate, new EndpointCheck());
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await client.PostAsJsonAsync("v1/enroll", new { token = serve.Tokens().Issue(Stranger), mac = MacA, csr = ServeTestSite.Csr(key) });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"bootstrap token was issued to {Stranger}, not {MacA}", body.RootElement.GetProperty("reason").GetString());
        serve.AssertLogged("enroll", MacA, "refused");
    }

    [Fact]
    public async Task Enrollment_over_the_plain_http_port_is_not_found()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await serve.Http.PostAsJsonAsync("v1/enroll", new { token = serve.Tokens().Issue(MacA), mac = MacA, csr = ServeTestSite.Csr(key) });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("CERTIFICATE", await response.Content.ReadAsStringAsync());
        serve.AssertLogged("POST /v1/enroll", "not found");
    }

    [Fact]
    public async Task Posting_to_what_the_http_port_serves_is_method_not_allowed()
    {
        using var response = await serve.Http.PostAsync("boot.ipxe", new StringContent(""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        serve.AssertLogged("POST /boot.ipxe", "method not allowed");
    }

    [Fact]
    public async Task Head_of_a_boot_file_gives_its_length_without_the_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "assets/worker/vmlinuz");
        using var response = await serve.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ServeTestSite.KernelBytes("worker").Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_enrollment_port_serves_nothing_but_enrollment()
    {
        using var client = serve.EnrollmentClient(serve.Authority.CaCertificate, new EndpointCheck());

        using var script = await client.GetAsync("ipxe?mac=52-54-00-12-34-56");
        using var kernel = await client.GetAsync("assets/worker/vmlinuz");
        using var get = await client.GetAsync("v1/enroll");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { script.StatusCode, kernel.StatusCode, get.StatusCode });
        serve.AssertLogged("https", "GET /ipxe", "not found");
    }

    [Fact]
    public async Task Every_request_is_logged()
    {
        await serve.Http.GetStringAsync("boot.ipxe");
        await serve.Http.GetStringAsync("ipxe?mac=52-54-00-12-34-56");
        await serve.Http.GetByteArrayAsync("assets/worker/vmlinuz");
        using var missing = await serve.Http.GetAsync("nothing-here");

        var requests = serve.Log.Where(line => line.StartsWith("http ", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, line => Assert.Matches(@"^http 127\.0\.0\.1:\d+ GET /", line));
        serve.AssertLogged("serving 1 profile(s), 2 group(s)", $"enroll 127.0.0.1:{serve.Config.Enroll.Port} (https)");
    }
}

/// <summary>The machine script's enrollment address when serve.yaml advertises one, and machines nothing selects.</summary>
public sealed class BootServerConfigurationTests : IDisposable
{
    private readonly ServeTestSite site = new();

    public void Dispose() => site.Dispose();

    [Fact]
    public async Task The_advertised_address_is_what_nodes_are_told_to_enroll_at()
    {
        await using var serve = await RunningServe.StartAsync(site, advertise: "192.0.2.10");

        var script = await serve.Http.GetStringAsync("ipxe?mac=52:54:00:12:34:56");

        Assert.Contains($" aurae.enroll=192.0.2.10:{serve.Config.Enroll.Port} ", script);
    }

    [Fact]
    public async Task Over_ipv6_the_enrollment_address_is_bracketed()
    {
        await using var serve = await RunningServe.StartAsync(site, host: "[::1]");

        var script = await serve.Http.GetStringAsync("ipxe?mac=52:54:00:12:34:56");

        Assert.Contains($" aurae.enroll=[::1]:{serve.Config.Enroll.Port} ", script);
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var check = new EndpointCheck();
        using var client = serve.EnrollmentClient(serve.Authority.CaCertificate, check);
        using var response = await client.PostAsJsonAsync("v1/enroll", new { token = serve.Tokens().Issue("52:54:00:12:34:56"), mac = "52:54:00:12:34:56", csr = ServeTestSite.Csr(key) });
        Assert.Null(check.Refusal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_default_group_an_unknown_machine_gets_404_and_the_log_says_why()
    {
        await using var serve = await RunningServe.StartAsync(site, defaultGroup: false);

        using var response = await serve.Http.GetAsync("ipxe?mac=52-54-00-00-00-01&uuid=&hostname=h1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("#!ipxe\necho ", body);
        Assert.Contains("no group selects this machine (mac=52:54:00:00:00:01 hostname=h1)", body);
        Assert.DoesNotContain("aurae.token", body);
        serve.AssertLogged("GET /ipxe", "mac=52:54:00:00:00:01", "no group selects it");
    }

    [Fact]
    public async Task A_port_in_use_is_refused_naming_the_endpoints()
    {
        var ports = ServeTestSite.FreePorts(1);
        using var squatter = new System.Net.Sockets.TcpListener(IPAddress.Loopback, ports[0]);
        squatter.Start();
        var config = ServeConfigLoader.Load(site.StandardYaml(ports[0], ServeTestSite.FreePorts(1)[0]));
        using var authority = EnrollmentAuthority.Load(config.PkiDirectory, TimeProvider.System);

        var error = await Assert.ThrowsAsync<IOException>(() => BootServer.StartAsync(config, authority, _ => { }, TimeProvider.System));

        Assert.Contains($"127.0.0.1:{ports[0]} (http)", error.Message);
    }
}
