using System.Security.Cryptography.X509Certificates;
using Aurae.Daemon.Authorization;
using Aurae.Daemon.Hosting;
using Grpc.Core;

namespace Aurae.Daemon.Tests.Authorization;

/// <summary>Every call's role is checked: allowed calls pass untouched, the rest are refused before the service runs.</summary>
public sealed class RoleAuthorizationTests : IDisposable
{
    private const string Allocate = "/aurae.cells.v0.CellService/Allocate";
    private const string List = "/aurae.cells.v0.CellService/List";

    private readonly ApiCallInterceptor interceptor = new();
    private readonly X509Certificate2 admin = TestCertificates.Client("alice", "admin");
    private readonly X509Certificate2 reader = TestCertificates.Client("bob", "reader");
    private readonly X509Certificate2 stranger = TestCertificates.Client("eve", "other");
    private readonly X509Certificate2 unorganized = TestCertificates.Client("mallory");

    public void Dispose()
    {
        admin.Dispose();
        reader.Dispose();
        stranger.Dispose();
        unorganized.Dispose();
    }

    [Fact]
    public async Task A_reader_is_refused_a_write_with_a_message_naming_role_client_and_method()
    {
        var called = false;

        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(
            "request", new TestServerCallContext(Allocate, reader), (string _, ServerCallContext _) =>
            {
                called = true;
                return Task.FromResult("response");
            }));

        Assert.False(called, "the service ran although the call was refused");
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("role 'reader' (CN=bob) may not call aurae.cells.v0.CellService/Allocate", error.Status.Detail);
    }

    [Fact]
    public async Task Unary_calls_the_role_allows_reach_the_service()
    {
        Assert.Equal("response", await interceptor.UnaryServerHandler(
            "request", new TestServerCallContext(List, reader), (string _, ServerCallContext _) => Task.FromResult("response")));
        Assert.Equal("response", await interceptor.UnaryServerHandler(
            "request", new TestServerCallContext(Allocate, admin), (string _, ServerCallContext _) => Task.FromResult("response")));
    }

    [Theory]
    [InlineData(List)]
    [InlineData(Allocate)]
    [InlineData("/grpc.health.v1.Health/Check")]
    public async Task Without_a_role_every_call_is_refused(string method)
    {
        foreach (var certificate in new[] { stranger, unorganized, null })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(
                "request", new TestServerCallContext(method, certificate),
                (string _, ServerCallContext _) => Task.FromResult("response")));

            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
            Assert.Contains("has no role", error.Status.Detail);
            Assert.EndsWith($"may not call {method[1..]}", error.Status.Detail);
        }
    }

    [Fact]
    public async Task The_refusal_names_the_client_without_a_role()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler(
            "request", new TestServerCallContext(List, stranger), (string _, ServerCallContext _) => Task.FromResult("response")));

        Assert.StartsWith("client (CN=eve) has no role", error.Status.Detail);
    }

    [Fact]
    public async Task Client_streaming_calls_are_checked()
    {
        const string push = "/aurae.artifacts.v0.ArtifactService/Push";
        var stream = new EmptyReader<string>();

        await Assert.ThrowsAsync<RpcException>(() => interceptor.ClientStreamingServerHandler(
            stream, new TestServerCallContext(push, reader), (IAsyncStreamReader<string> _, ServerCallContext _) => Task.FromResult("stored")));
        Assert.Equal("stored", await interceptor.ClientStreamingServerHandler(
            stream, new TestServerCallContext(push, admin), (IAsyncStreamReader<string> _, ServerCallContext _) => Task.FromResult("stored")));
    }

    [Fact]
    public async Task Server_streaming_calls_are_checked()
    {
        const string output = "/aurae.executables.v0.ExecutableService/Output";
        var calls = 0;
        Task Service(string _, IServerStreamWriter<string> __, ServerCallContext ___)
        {
            calls++;
            return Task.CompletedTask;
        }

        await interceptor.ServerStreamingServerHandler("request", new NullWriter<string>(), new TestServerCallContext(output, reader), (ServerStreamingServerMethod<string, string>)Service);
        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.ServerStreamingServerHandler(
            "request", new NullWriter<string>(), new TestServerCallContext(output, stranger), (ServerStreamingServerMethod<string, string>)Service));

        Assert.Equal(1, calls);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task Duplex_streaming_calls_are_checked()
    {
        const string reflection = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
        const string unknownDuplex = "/aurae.cells.v0.CellService/Attach";
        var calls = 0;
        Task Service(IAsyncStreamReader<string> _, IServerStreamWriter<string> __, ServerCallContext ___)
        {
            calls++;
            return Task.CompletedTask;
        }

        await interceptor.DuplexStreamingServerHandler(new EmptyReader<string>(), new NullWriter<string>(),
            new TestServerCallContext(reflection, reader), (DuplexStreamingServerMethod<string, string>)Service);
        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.DuplexStreamingServerHandler(new EmptyReader<string>(), new NullWriter<string>(),
            new TestServerCallContext(unknownDuplex, reader), (DuplexStreamingServerMethod<string, string>)Service));

        Assert.Equal(1, calls);
        Assert.Equal("role 'reader' (CN=bob) may not call aurae.cells.v0.CellService/Attach", error.Status.Detail);
    }

    [Fact]
    public async Task A_service_failure_passes_through_unchanged()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>(
            "request", new TestServerCallContext(Allocate, admin),
            (_, _) => throw new RpcException(new Status(StatusCode.NotFound, "no such cell"))));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    private sealed class EmptyReader<T> : IAsyncStreamReader<T>
    {
        public T Current => throw new InvalidOperationException("empty stream");

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromResult(false);
    }

    private sealed class NullWriter<T> : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(T message) => Task.CompletedTask;
    }
}
