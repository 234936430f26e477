using System.Net.Sockets;
using System.Security.Authentication;
using Aurae.Cli;
using Grpc.Core;

namespace Aurae.Client.Tests.Cli;

public sealed class RpcFailureTests
{
    [Fact]
    public void A_status_gives_its_code_name_and_message() =>
        Assert.Equal("NotFound: no cell 'web'", RpcFailure.From(new RpcException(new Status(StatusCode.NotFound, "no cell 'web'")), "n1").Describe());

    [Fact]
    public void A_status_without_a_message_gives_its_code_alone() =>
        Assert.Equal("Unimplemented", RpcFailure.From(new RpcException(new Status(StatusCode.Unimplemented, "")), "n1").Describe());

    [Fact]
    public void A_refused_connection_is_spelled_out()
    {
        var failure = RpcFailure.From(new RpcException(new Status(StatusCode.Unavailable, "Error connecting to subchannel.",
            new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)))), "n1");
        Assert.Equal(("Unavailable", "connection refused — is auraed running and listening on this port?"), (failure.Code, failure.Describe()));
    }

    [Fact]
    public void A_refused_handshake_asks_about_the_ca() =>
        Assert.Equal("TLS handshake refused — is the certificate from this node's CA?", RpcFailure.From(new RpcException(new Status(StatusCode.Internal,
            "Error starting gRPC call.", new HttpRequestException("x", new AuthenticationException("handshake failed")))), "n1").Describe());

    [Fact]
    public void Nothing_answering_is_unreachable_and_a_refused_certificate_is_not()
    {
        static RpcFailure Failure(Exception inner) =>
            RpcFailure.From(new RpcException(new Status(StatusCode.Unavailable, "Error starting gRPC call.", new HttpRequestException("x", inner))), "n1");

        Assert.True(Failure(new SocketException((int)SocketError.ConnectionRefused)).IsUnreachable);
        Assert.True(Failure(new IOException("Unable to read data", new SocketException((int)SocketError.ConnectionReset))).IsUnreachable);
        Assert.True(Failure(new TimeoutException()).IsUnreachable);
        Assert.False(Failure(new AuthenticationException("The remote certificate was rejected by the provided RemoteCertificateValidationCallback.")).IsUnreachable);
        Assert.False(RpcFailure.From(new RpcException(new Status(StatusCode.Unavailable, "draining")), "n1").IsUnreachable);
    }
}
