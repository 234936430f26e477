using Aurae.Daemon.Hosting;
using Aurae.Daemon.Tests.Authorization;
using Grpc.Core;

namespace Aurae.Daemon.Tests.Hosting;

/// <summary>A refusal naming a megabyte of the client's input still reaches the client, as the status the daemon chose.</summary>
public sealed class StatusDetailLimitTests
{
    private readonly ApiCallInterceptor _limit = new();
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _admin = TestCertificates.Client("alice", "admin");

    [Fact]
    public async Task A_long_message_is_cut_saying_how_much_and_keeps_its_code()
    {
        var name = new string('x', 1 << 20);

        var error = await Assert.ThrowsAsync<RpcException>(() => _limit.UnaryServerHandler<string, string>("request",
            new TestServerCallContext("/aurae.executables.v0.ExecutableService/Status", _admin),
            (_, _) => throw new RpcException(new Status(StatusCode.NotFound, $"no executable '{name}'"))));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal($"no executable '{name[..(StatusDetailLimit.MaxDetailLength - 15)]}… ({(1 << 20) + 16 - StatusDetailLimit.MaxDetailLength} more characters)",
            error.Status.Detail);
    }

    [Fact]
    public async Task A_message_within_the_limit_passes_as_it_is()
    {
        var message = new string('y', StatusDetailLimit.MaxDetailLength);

        var error = await Assert.ThrowsAsync<RpcException>(() => _limit.UnaryServerHandler<string, string>("request",
            new TestServerCallContext("/aurae.cells.v0.CellService/Free", _admin),
            (_, _) => throw new RpcException(new Status(StatusCode.InvalidArgument, message))));

        Assert.Equal((StatusCode.InvalidArgument, message), (error.StatusCode, error.Status.Detail));
    }
}
