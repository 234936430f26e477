using System.Diagnostics.CodeAnalysis;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Aurae.Daemon.Hosting;

/// <summary>
/// Gives gRPC one service's methods straight from its generated <c>BindService</c>, bound to the
/// single instance that serves every call. grpc-dotnet's own provider finds each handler by
/// reflection and makes generic delegates at run time; under NativeAOT that runs the runtime's
/// type loader, which was half of the daemon's start-up (and more under TCG).
/// </summary>
internal sealed class BoundServiceMethodProvider<[DynamicallyAccessedMembers(BoundServiceMethodProvider.ServiceMembers)] TService>(TService service, Action<ServiceBinderBase, TService> bindService)
    : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context) =>
        bindService(new ContextBinder(context), service);

    /// <summary>Forwards each method the generated code names, with its handler, to gRPC's model.</summary>
    private sealed class ContextBinder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
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

internal static class BoundServiceMethodProvider
{
    /// <summary>What grpc-dotnet's model declares it may reflect on in a service type.</summary>
    public const DynamicallyAccessedMemberTypes ServiceMembers = DynamicallyAccessedMemberTypes.PublicConstructors
        | DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods;
}
