using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Aurae.Daemon.Tests.Authorization;

/// <summary>
/// A ServerCallContext for calling interceptors and services without a server. Grpc.AspNetCore's
/// GetHttpContext() falls back to the "__HttpContext" UserState entry for contexts it did not
/// create, so the client certificate is put on a DefaultHttpContext stored there.
/// </summary>
public sealed class TestServerCallContext : ServerCallContext
{
    private const string HttpContextKey = "__HttpContext";

    public TestServerCallContext(string method, X509Certificate2? clientCertificate = null, CancellationToken cancellationToken = default)
    {
        MethodCore = method;
        CancellationTokenCore = cancellationToken;
        var http = new DefaultHttpContext();
        http.Connection.ClientCertificate = clientCertificate;
        UserState[HttpContextKey] = http;
    }

    protected override string MethodCore { get; }
    protected override string HostCore => "localhost";
    protected override string PeerCore => "ipv4:127.0.0.1:50000";
    protected override DateTime DeadlineCore => DateTime.MaxValue;
    protected override Metadata RequestHeadersCore { get; } = [];
    protected override CancellationToken CancellationTokenCore { get; }
    protected override Metadata ResponseTrailersCore { get; } = [];
    protected override Status StatusCore { get; set; }
    protected override WriteOptions? WriteOptionsCore { get; set; }
    protected override AuthContext AuthContextCore { get; } = new(null, new Dictionary<string, List<AuthProperty>>());

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("no propagation in tests");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
