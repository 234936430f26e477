using Aurae.Api.Server;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Aurae.Daemon.Tests.Hosting;

/// <summary>
/// Each service's hand-listed <c>Bind</c> (runtime/Aurae.Api/Server/ServiceBindings.cs) against
/// its descriptor: a method added to a .proto and not bound would answer Unimplemented.
/// </summary>
public sealed class ServiceBindingsTests
{
    [Fact]
    public void Every_method_of_every_service_is_bound_once_with_its_streaming_kind()
    {
        var sink = new RecordingSink([]);
        Aurae.Api.Discovery.V0.DiscoveryService.Bind(ref sink, new Discovery());
        Aurae.Api.Node.V0.NodeService.Bind(ref sink, new Node());
        Aurae.Api.Observe.V0.ObserveService.Bind(ref sink, new Observe());
        Aurae.Api.Cells.V0.CellService.Bind(ref sink, new Cells());
        Aurae.Api.Artifacts.V0.ArtifactService.Bind(ref sink, new Artifacts());
        Aurae.Api.Images.V0.ImageService.Bind(ref sink, new Images());
        Aurae.Api.Executables.V0.ExecutableService.Bind(ref sink, new Executables());
        Aurae.Api.Pods.V0.PodService.Bind(ref sink, new Pods());

        var expected = Aurae.Daemon.Hosting.ApiServer.AuraeServices.SelectMany(s => s.Methods).Select(m => $"/{m.Service.FullName}/{m.Name} {Kind(m)}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, sink.Bound.Order(StringComparer.Ordinal));
    }

    private static MethodType Kind(MethodDescriptor method) => (method.IsClientStreaming, method.IsServerStreaming) switch
    {
        (false, false) => MethodType.Unary,
        (true, false) => MethodType.ClientStreaming,
        (false, true) => MethodType.ServerStreaming,
        (true, true) => MethodType.DuplexStreaming,
    };

    private readonly struct RecordingSink(List<string> bound) : IServerMethodSink
    {
        public List<string> Bound => bound;

        public void Unary<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler)
            where TRequest : class where TResponse : class => Record(method, MethodType.Unary);

        public void ClientStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler)
            where TRequest : class where TResponse : class => Record(method, MethodType.ClientStreaming);

        public void ServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler)
            where TRequest : class where TResponse : class => Record(method, MethodType.ServerStreaming);

        private void Record(IMethod method, MethodType sinkKind)
        {
            // The sink's kind must be the generated method object's own.
            Assert.Equal(method.Type, sinkKind);
            bound.Add($"{method.FullName} {sinkKind}");
        }
    }

    private sealed class Discovery : Aurae.Api.Discovery.V0.DiscoveryService.DiscoveryServiceBase;
    private sealed class Node : Aurae.Api.Node.V0.NodeService.NodeServiceBase;
    private sealed class Observe : Aurae.Api.Observe.V0.ObserveService.ObserveServiceBase;
    private sealed class Cells : Aurae.Api.Cells.V0.CellService.CellServiceBase;
    private sealed class Artifacts : Aurae.Api.Artifacts.V0.ArtifactService.ArtifactServiceBase;
    private sealed class Images : Aurae.Api.Images.V0.ImageService.ImageServiceBase;
    private sealed class Executables : Aurae.Api.Executables.V0.ExecutableService.ExecutableServiceBase;
    private sealed class Pods : Aurae.Api.Pods.V0.PodService.PodServiceBase;
}
