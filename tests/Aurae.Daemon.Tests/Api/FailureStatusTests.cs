using Aurae.Daemon.Failures;
using Aurae.Daemon.Hosting;
using Aurae.Contract.Oci;
using Aurae.Daemon.Tests.Authorization;
using Grpc.Core;

namespace Aurae.Daemon.Tests.Api;

/// <summary>The domain's failures leave every kind of call with the status of their kind and their message.</summary>
public sealed class FailureStatusTests
{
    private readonly ApiCallInterceptor _edge = new();
    private readonly TestServerCallContext _call = new("/aurae.cells.v0.CellService/Allocate", TestCertificates.Client("alice", "admin"));

    [Theory]
    [InlineData(FailureKind.InvalidRequest, StatusCode.InvalidArgument)]
    [InlineData(FailureKind.NotFound, StatusCode.NotFound)]
    [InlineData(FailureKind.AlreadyExists, StatusCode.AlreadyExists)]
    [InlineData(FailureKind.WrongState, StatusCode.FailedPrecondition)]
    [InlineData(FailureKind.OutOfResources, StatusCode.ResourceExhausted)]
    [InlineData(FailureKind.NotPermitted, StatusCode.PermissionDenied)]
    [InlineData(FailureKind.NotSupported, StatusCode.Unimplemented)]
    [InlineData(FailureKind.Fault, StatusCode.Internal)]
    public async Task Each_kind_leaves_a_unary_call_with_its_status_and_message(FailureKind kind, StatusCode expected)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _edge.UnaryServerHandler<string, string>("request", _call,
            (_, _) => throw new FailureException(kind, "cell 'web': what went wrong")));

        Assert.Equal((expected, "cell 'web': what went wrong"), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task A_failure_in_a_stream_leaves_with_its_status()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _edge.ServerStreamingServerHandler<string, string>("request", null!, _call,
            (_, _, _) => throw FailureException.NotFound("no cell 'web'")));

        Assert.Equal((StatusCode.NotFound, "no cell 'web'"), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task An_image_refusal_leaves_with_its_status()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _edge.UnaryServerHandler<string, string>("request", _call,
            (_, _) => throw new ImageException(ImageFailure.InUse, "image 'app' is in use")));

        Assert.Equal((StatusCode.FailedPrecondition, "image 'app' is in use"), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task A_long_failure_message_is_cut_and_keeps_its_status()
    {
        var name = new string('x', 1 << 20);

        var error = await Assert.ThrowsAsync<RpcException>(() => _edge.UnaryServerHandler<string, string>("request", _call,
            (_, _) => throw FailureException.Invalid($"cell '{name}'")));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("cell 'xxx", error.Status.Detail);
        Assert.EndsWith($"… ({(1 << 20) + 7 - StatusDetailLimit.MaxDetailLength} more characters)", error.Status.Detail);
    }

    [Fact]
    public async Task Other_exceptions_leave_as_they_are()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _edge.UnaryServerHandler<string, string>("request", _call,
            (_, _) => throw new InvalidOperationException("a bug")));
    }

    [Fact]
    public void A_failure_has_a_kind_the_edge_knows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailureException((FailureKind)99, "?"));
    }
}
