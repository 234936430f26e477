using Aurae.Api.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Aurae.Daemon.Hosting;

/// <summary>
/// Gives gRPC every served method with its handler already bound to the single instance that
/// serves its calls, all under one routed type (<see cref="ApiServices"/>). grpc-dotnet's own
/// provider finds each handler by reflection and makes generic delegates at run time, which under
/// NativeAOT runs the runtime's type loader; Aurae's services are bound through their generated
/// <c>Bind</c> into a struct sink instead, with no generic virtual call left to resolve at start-up
/// (see <see cref="IServerMethodSink"/>). Health and reflection come from their packages' generated
/// <c>BindService</c>: three methods through <see cref="ServiceBinderBase"/>.
/// </summary>
internal sealed class BoundServiceMethodProvider(IReadOnlyList<BoundServiceMethodProvider.Binding> bindings) : IServiceMethodProvider<ApiServices>
{
    /// <summary>One service's methods, given to the sink.</summary>
    public delegate void Binding(ref ContextSink sink);

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<ApiServices> context)
    {
        var sink = new ContextSink(context);
        foreach (var bind in bindings)
            bind(ref sink);
    }

    /// <summary>Adds each method to gRPC's model; the routed instance is ignored, the handler is bound.</summary>
    public readonly struct ContextSink(ServiceMethodProviderContext<ApiServices> context) : IServerMethodSink
    {
        /// <summary>The same, as the binder a package's generated <c>BindService</c> takes.</summary>
        public ServiceBinderBase Binder => new ContextBinder(context);

        public void Unary<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler)
            where TRequest : class where TResponse : class =>
            context.AddUnaryMethod(method, [], (_, request, callContext) => handler(request, callContext));

        public void ClientStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler)
            where TRequest : class where TResponse : class =>
            context.AddClientStreamingMethod(method, [], (_, requests, callContext) => handler(requests, callContext));

        public void ServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler)
            where TRequest : class where TResponse : class =>
            context.AddServerStreamingMethod(method, [], (_, request, responses, callContext) => handler(request, responses, callContext));
    }

    /// <summary>Forwards each method a package's generated code names, with its handler, to gRPC's model.</summary>
    private sealed class ContextBinder(ServiceMethodProviderContext<ApiServices> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var bound = Bound(method, handler);
            context.AddUnaryMethod(method, [], (_, request, callContext) => bound(request, callContext));
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var bound = Bound(method, handler);
            context.AddClientStreamingMethod(method, [], (_, requests, callContext) => bound(requests, callContext));
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var bound = Bound(method, handler);
            context.AddServerStreamingMethod(method, [], (_, request, responses, callContext) => bound(request, responses, callContext));
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var bound = Bound(method, handler);
            context.AddDuplexStreamingMethod(method, [], (_, requests, responses, callContext) => bound(requests, responses, callContext));
        }

        // BindService passes no handler only when given no instance, which this provider never does.
        private static THandler Bound<THandler>(IMethod method, THandler? handler) where THandler : Delegate =>
            handler ?? throw new InvalidOperationException($"{method.FullName}: the generated binder gave no handler");
    }
}

/// <summary>
/// The one type gRPC routes every served method to. Each method's handler is already bound to
/// its service's instance (see <see cref="BoundServiceMethodProvider"/>), so this holds nothing;
/// it exists because grpc-dotnet maps services by type.
/// </summary>
internal sealed class ApiServices;
