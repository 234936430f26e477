using System.Collections.Concurrent;
using Aurae.Node.Tests.Support;
using Aurae.Serve.Configuration;
using Aurae.Serve.Enrollment;
using Aurae.Serve.Http;
using Aurae.Testing;

namespace Aurae.Node.Tests.Fleet;

/// <summary>
/// <c>aurae-compose serve</c> in process for a fleet test: a serve.yaml with HTTP and enrollment on
/// free loopback ports, the test's PKI and the fleet image as profile <c>fleet</c>, and the given
/// groups; every line it logs is kept.
/// </summary>
public sealed class FleetServe : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private EnrollmentAuthority? _authority;
    private BootServer? _server;

    private FleetServe(ServeConfig config) => Config = config;

    public ServeConfig Config { get; }

    public IReadOnlyList<string> Log => [.. _log];

    /// <param name="groups">serve.yaml's group entries, one line each (e.g. <c>- { name: a, profile: fleet, mac: "…" }</c>).</param>
    /// <param name="moreListen">More <c>listen:</c> entries (e.g. <c>tftp: 127.0.0.1:PORT</c>).</param>
    /// <param name="moreTop">More top-level entries (e.g. <c>advertise: 10.0.2.2</c>).</param>
    public static async Task<FleetServe> StartAsync(string work, string pkiDirectory, string image,
        IEnumerable<string> groups, IEnumerable<string>? moreListen = null, IEnumerable<string>? moreTop = null)
    {
        var serveYaml = Path.Combine(work, "serve.yaml");
        File.WriteAllLines(serveYaml,
        [
            "listen:",
            $"  http: 127.0.0.1:{FreePort.Next()}",
            $"  enroll: 127.0.0.1:{FreePort.Next()}",
            .. (moreListen ?? []).Select(line => "  " + line),
            .. moreTop ?? [],
            $"pki: {pkiDirectory}",
            "profiles:",
            $"  fleet: {image}",
            "groups:",
            .. groups.Select(line => "  " + line),
        ]);
        var serve = new FleetServe(ServeConfigLoader.Load(serveYaml));
        serve._authority = EnrollmentAuthority.Load(pkiDirectory, TimeProvider.System);
        serve._server = await BootServer.StartAsync(serve.Config, serve._authority, serve._log.Enqueue, TimeProvider.System);
        return serve;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _authority?.Dispose();
    }
}
