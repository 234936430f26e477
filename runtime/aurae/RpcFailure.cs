using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;

namespace Aurae.Cli;

/// <summary>
/// Why a call to a node failed, as the gRPC status code name and a message. Connection and
/// TLS failures hide in the status's debug exception; they are spelled out, since
/// "Unavailable: Error connecting to subchannel" does not tell an operator what to fix.
/// <see cref="IsUnreachable"/>: nothing answered (refused, reset, unreachable, no answer in time),
/// as when the node is still booting; a refused certificate is a connection failure that is not.
/// </summary>
internal sealed record RpcFailure(string Code, string Message, bool IsConnection = false, bool IsUnreachable = false)
{
    /// <summary>"Code: message"; a connection failure's message alone, as it already says what happened.</summary>
    public string Describe() => IsConnection ? Message : Message.Length == 0 ? Code : $"{Code}: {Message}";

    public static RpcFailure From(Exception exception, string nodeName)
    {
        if (exception is RpcException rpc)
        {
            // Grpc.Net.Client reports a failed TLS handshake as Internal, a refused connection as Unavailable.
            if (FromConnection(rpc.Status.DebugException, nodeName) is { } connection)
                return connection;
            return new RpcFailure(rpc.StatusCode.ToString(), rpc.Status.Detail);
        }
        return FromConnection(exception, nodeName) ?? new RpcFailure(exception.GetType().Name, exception.Message);
    }

    private static RpcFailure? FromConnection(Exception? exception, string nodeName)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AuthenticationException when e.Message.Contains("RemoteCertificateValidationCallback", StringComparison.Ordinal):
                    return Unavailable($"the node's certificate was refused: it is not signed by this context's CA or does not name '{nodeName}'");
                case AuthenticationException:
                // With TLS 1.3 the server checks the client's certificate after the client thinks the
                // handshake is done: a refusal shows as the connection closing before HTTP/2 starts.
                case HttpRequestException or IOException when e.Message.Contains("HTTP/2 handshake", StringComparison.Ordinal):
                    return Unavailable("TLS handshake refused — is the certificate from this node's CA?");
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return Unreachable("connection refused — is auraed running and listening on this port?");
                // QEMU's user-mode port forward accepts, then resets or closes when nothing in the guest listens yet.
                case SocketException { SocketErrorCode: SocketError.ConnectionReset }:
                    return Unreachable("connection reset before TLS began — is auraed up yet on this port?");
                case IOException when e.InnerException is null && e.Message.Contains("unexpected EOF", StringComparison.Ordinal):
                    return Unreachable("connection closed before TLS began — is auraed up yet on this port?");
                case SocketException { SocketErrorCode: SocketError.HostUnreachable or SocketError.NetworkUnreachable } socket:
                    return Unreachable($"unreachable ({socket.SocketErrorCode}) — is the node up and the address right?");
                case TimeoutException:
                    return Unreachable("no answer in time — is the node up and the address right?");
            }
        }
        return null;
    }

    private static RpcFailure Unavailable(string message) => new(nameof(StatusCode.Unavailable), message, IsConnection: true);

    private static RpcFailure Unreachable(string message) =>
        new(nameof(StatusCode.Unavailable), message, IsConnection: true, IsUnreachable: true);
}
