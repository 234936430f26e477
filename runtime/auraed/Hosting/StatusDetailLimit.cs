using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Aurae.Daemon.Hosting;

/// <summary>
/// Keeps every refusal's message short enough to travel: a message that names what the client sent
/// (a name of a megabyte, say) goes back in the grpc-message trailer, and a client refuses
/// trailers past its header limit (HttpClient's is 64 KiB), so the call would end in a transport
/// error instead of the status the daemon chose. Longer messages are cut, saying how much was.
/// </summary>
public sealed class StatusDetailLimit : Interceptor
{
    /// <summary>Characters of a status message kept: any message the daemon writes, with room for one name.</summary>
    public const int MaxDetailLength = 2048;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException e) when (e.Status.Detail.Length > MaxDetailLength)
        {
            throw Shortened(e);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (RpcException e) when (e.Status.Detail.Length > MaxDetailLength)
        {
            throw Shortened(e);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (RpcException e) when (e.Status.Detail.Length > MaxDetailLength)
        {
            throw Shortened(e);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (RpcException e) when (e.Status.Detail.Length > MaxDetailLength)
        {
            throw Shortened(e);
        }
    }

    public static RpcException Shortened(RpcException e)
    {
        var detail = e.Status.Detail;
        return new RpcException(new Status(e.StatusCode,
            $"{detail[..MaxDetailLength]}… ({detail.Length - MaxDetailLength} more characters)"), e.Trailers);
    }
}
