using Aurae.Daemon.Api;
using Aurae.Daemon.Authorization;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Aurae.Daemon.Hosting;

/// <summary>
/// What every call of every kind passes through, once: its role is checked
/// (<see cref="RoleAuthorization"/>) before the service runs, a domain failure leaves with its
/// gRPC status (<see cref="FailureStatus"/>: the domain throws no RpcException), and a refusal's
/// message is kept short enough to reach the client (<see cref="StatusDetailLimit"/>). One interceptor, not one
/// per concern: gRPC activates each interceptor type through the NativeAOT type loader on the
/// first call, which cost the first call about 0.8 s under TCG for a second one.
/// Stateless, so the single instance serves all calls.
/// </summary>
public sealed class ApiCallInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        RoleAuthorization.Authorize(context);
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (ClientError(e) is { } error)
        {
            throw error;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        RoleAuthorization.Authorize(context);
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (ClientError(e) is { } error)
        {
            throw error;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        RoleAuthorization.Authorize(context);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (ClientError(e) is { } error)
        {
            throw error;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        RoleAuthorization.Authorize(context);
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (ClientError(e) is { } error)
        {
            throw error;
        }
    }

    /// <summary>
    /// What the client gets for an exception leaving a call, or null to let it leave as it is
    /// (an RpcException short enough, or an exception no status was chosen for).
    /// </summary>
    public static RpcException? ClientError(Exception e)
    {
        var error = FailureStatus.ToRpc(e) ?? e as RpcException;
        if (error is null)
            return null;
        if (StatusDetailLimit.Exceeds(error))
            return StatusDetailLimit.Shortened(error);
        return ReferenceEquals(error, e) ? null : error;
    }
}
