using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Aurae.Serve.Configuration;
using Aurae.Serve.Enrollment;
using Aurae.Serve.Http;
using Aurae.Serve.Tests;

namespace Aurae.Serve.Tests.CommandLine;

/// <summary>
/// <see cref="BootServer"/> running in-process on loopback ports picked free, with its log lines
/// collected, and clients for its HTTP side and (trusting only the fleet CA) its enrollment side.
/// </summary>
public sealed class RunningServe : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private BootServer? _server;

    private RunningServe(ServeTestSite site, ServeConfig config, EnrollmentAuthority authority, string host)
    {
        Host = host;
        Site = site;
        Config = config;
        Authority = authority;
        Http = new HttpClient { BaseAddress = new Uri($"http://{host}:{config.Http.Port}/") };
    }

    public ServeTestSite Site { get; }

    /// <summary>The loopback address serve listens on, as in a URL (IPv6 in brackets).</summary>
    public string Host { get; }

    public ServeConfig Config { get; }

    public EnrollmentAuthority Authority { get; }

    /// <summary>A client for the HTTP side (iPXE scripts and boot files).</summary>
    public HttpClient Http { get; }

    public IReadOnlyList<string> Log => [.. _log];

    /// <summary>Writes serve.yaml (<see cref="ServeTestSite.StandardYaml"/>), loads it the way the CLI does and starts serving.</summary>
    public static async Task<RunningServe> StartAsync(ServeTestSite site, string? advertise = null, bool defaultGroup = true, string host = "127.0.0.1")
    {
        var ports = ServeTestSite.FreePorts(2);
        var config = ServeConfigLoader.Load(site.StandardYaml(ports[0], ports[1], advertise, defaultGroup, host: host));
        var running = new RunningServe(site, config, EnrollmentAuthority.Load(config.PkiDirectory, TimeProvider.System), host);
        running._server = await BootServer.StartAsync(config, running.Authority, running._log.Enqueue, TimeProvider.System);
        return running;
    }

    /// <summary>A token checker with serve's key (the same CA), as a restarted serve would have.</summary>
    public BootstrapTokens Tokens() => new(Authority.CaKeyPkcs8, Config.TokenLifetime, TimeProvider.System);

    /// <summary>
    /// A client for the enrollment endpoint that validates serve's certificate as the node does:
    /// it chains to <paramref name="trustedCa"/> only, has EKU serverAuth and the DNS name aurae-enroll.
    /// </summary>
    public HttpClient EnrollmentClient(X509Certificate2 trustedCa, EndpointCheck check)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => check.Validate(certificate, trustedCa);
        return new HttpClient(handler) { BaseAddress = new Uri($"https://{Host}:{Config.Enroll.Port}/") };
    }

    /// <summary>Sends a request target exactly as given (HttpClient would normalise it) and returns the status code.</summary>
    public async Task<int> RawGetAsync(string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Config.Http.Address, Config.Http.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {Host}:{Config.Http.Port}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? "";
        var parts = statusLine.Split(' ');
        Assert.True(parts.Length >= 2 && parts[0] == "HTTP/1.1", $"status line '{statusLine}'");
        return int.Parse(parts[1]);
    }

    /// <summary>Fails unless some log line contains every one of <paramref name="parts"/>.</summary>
    public void AssertLogged(params string[] parts) =>
        Assert.True(Log.Any(line => parts.All(p => line.Contains(p, StringComparison.Ordinal))),
            $"no log line with {string.Join(" + ", parts.Select(p => $"'{p}'"))}; log:\n{string.Join('\n', Log)}");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
        Authority.Dispose();
    }
}

/// <summary>The node's check of serve's certificate (protocol v1), remembering why it refused.</summary>
public sealed class EndpointCheck
{
    public string? Refusal { get; private set; }

    public X509Certificate2? Seen { get; private set; }

    public bool Validate(X509Certificate? presented, X509Certificate2 trustedCa)
    {
        if (presented is null)
            return Refuse("no certificate");
        var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        Seen = certificate;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trustedCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(certificate))
            return Refuse("chain: " + string.Join("; ", chain.ChainStatus.Select(s => s.Status)));
        if (!certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == "1.3.6.1.5.5.7.3.1")))
            return Refuse("no serverAuth");
        if (!certificate.MatchesHostname("aurae-enroll", allowWildcards: false, allowCommonName: false))
            return Refuse("not aurae-enroll");
        Refusal = null;
        return true;
    }

    private bool Refuse(string reason)
    {
        Refusal = reason;
        return false;
    }
}
