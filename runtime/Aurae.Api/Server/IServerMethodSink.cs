using Grpc.Core;

namespace Aurae.Api.Server;

/// <summary>
/// Where a server takes each method of a service with its handler, as the generated
/// <c>BindService(ServiceBinderBase, …)</c> gives them. That binder's <c>AddMethod</c> is a generic
/// virtual method, which NativeAOT resolves at run time through its type loader: a quarter of
/// the daemon's start-up for 27 methods (issue 19). A sink passed as a struct type argument
/// (each service's <c>Bind</c>, in ServiceBindings.cs) is called directly, each instantiation
/// compiled ahead of time.
/// </summary>
public interface IServerMethodSink
{
    void Unary<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class where TResponse : class;

    void ClientStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class where TResponse : class;

    void ServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class where TResponse : class;
}
