using System.Net;
using System.Security.Authentication;
using Aurae.Daemon.Api;
using Aurae.Daemon.Logging;
using Aurae.Daemon.Observe;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Grpc.Reflection;
using Grpc.Reflection.V1Alpha;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aurae.Daemon.Hosting;

/// <summary>
/// The gRPC endpoint: HTTP/2 over TLS 1.3 only, a client certificate required and checked by
/// <see cref="ClientCertificatePolicy"/>; Aurae's services, the standard health service and
/// server reflection so any gRPC client can find its way.
/// </summary>
public static class ApiServer
{
    // Artifact chunks are at most 4 MiB; the message around one is a little larger.
    private const int MaxReceiveMessageSize = 5 * 1024 * 1024;

    /// <summary>
    /// Aurae's services, named once: health reports each, reflection describes each, and each is
    /// bound through its generated <c>Bind</c>. Reflection is built from these descriptors rather
    /// than discovered at run time: that discovery relies on reflection the AOT trimmer cannot follow.
    /// </summary>
    public static IReadOnlyList<Google.Protobuf.Reflection.ServiceDescriptor> AuraeServices { get; } =
    [
        Aurae.Api.Discovery.V0.DiscoveryService.Descriptor,
        Aurae.Api.Node.V0.NodeService.Descriptor,
        Aurae.Api.Observe.V0.ObserveService.Descriptor,
        Aurae.Api.Cells.V0.CellService.Descriptor,
        Aurae.Api.Artifacts.V0.ArtifactService.Descriptor,
        Aurae.Api.Images.V0.ImageService.Descriptor,
        Aurae.Api.Executables.V0.ExecutableService.Descriptor,
        Aurae.Api.Pods.V0.PodService.Descriptor,
    ];

    public static WebApplication Build(IPEndPoint listen, NodeIdentity identity, NodeInfoProvider nodeInfo, NodeService nodeService,
        ObserveService observeService, Api.CellService cellService, Artifacts.ArtifactStore artifactStore,
        Containers.ImageStore imageStore, Executables.ExecutableSupervisor executables, Enrollment.EnrollmentStatus? enrollment = null,
        Containers.ContainerRoots? containers = null, Metrics.MetricsSource? metrics = null)
    {
        // Only an enrolling node's certificate changes while it serves; a fixed one is given to
        // Kestrel once, rather than asked for (and its context rebuilt) at every handshake.
        var certificateChanges = enrollment is not null;
        // Null: the certificate came with the image, so the node is open from the start.
        enrollment ??= Enrollment.EnrollmentStatus.FromImage();
        // The empty builder: no configuration sources. The slim one reads appsettings.json with
        // reload on change, which watches the content root (the working directory: / as init)
        // recursively with inotify, walking all of /sys and /proc before the first call.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ConsoleLoggerProvider());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var policy = new ClientCertificatePolicy(identity.CertificateAuthority);
        HttpsConnectionAdapterOptions Https()
        {
            var https = new HttpsConnectionAdapterOptions
            {
                SslProtocols = SslProtocols.Tls13,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (certificate, _, _) => policy.Accepts(certificate),
                HandshakeTimeout = TimeSpan.FromSeconds(10),
            };
            if (certificateChanges)
                https.ServerCertificateSelector = (_, _) => identity.Certificate; // enrollment installs another
            else
                https.ServerCertificate = identity.Certificate;
            return https;
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(listen, endpoint =>
            {
                endpoint.Protocols = HttpProtocols.Http2;
                endpoint.UseHttps(Https());
            });
            // Scrapers speak HTTP/1.1 as often as HTTP/2: both, with the API's TLS and client certificates.
            if (metrics is not null)
                kestrel.Listen(metrics.Listen, endpoint =>
                {
                    endpoint.Protocols = HttpProtocols.Http1AndHttp2;
                    endpoint.UseHttps(Https());
                });
        });

        var served = AuraeServices;
        var health = new HealthServiceImpl();
        void SetHealth(HealthCheckResponse.Types.ServingStatus status)
        {
            health.SetStatus("", status);
            foreach (var service in served)
                health.SetStatus(service.FullName, status);
        }
        SetHealth(HealthCheckResponse.Types.ServingStatus.NotServing);
        enrollment.OnEnrolled(() => SetHealth(HealthCheckResponse.Types.ServingStatus.Serving));
        var reflection = new ReflectionServiceImpl([.. served, Health.Descriptor, ServerReflection.Descriptor]);

        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxReceiveMessageSize;
            // Every call is checked against the caller's role (the certificate's O=admin|reader),
            // and a refusal's message kept short enough to reach the client.
            options.Interceptors.Add<ApiCallInterceptor>();
        });
        builder.Services.AddSingleton(new ApiCallInterceptor());
        // Each service is one instance, its methods bound from the generated code, all routed
        // under one type; the default reflection-based discovery is removed (see BoundServiceMethodProvider).
        builder.Services.RemoveAll(typeof(IServiceMethodProvider<>));
        builder.Services.AddSingleton(new ApiServices());
        var discovery = new DiscoveryService(nodeInfo);
        var artifacts = new Api.ArtifactService(artifactStore);
        var images = new Api.ImageService(imageStore, artifactStore, containers);
        var executableService = new Api.ExecutableService(executables);
        var pods = new Api.PodService(cellService);
        builder.Services.AddSingleton<IServiceMethodProvider<ApiServices>>(new BoundServiceMethodProvider(
        [
            (ref sink) => Aurae.Api.Discovery.V0.DiscoveryService.Bind(ref sink, discovery),
            (ref sink) => Aurae.Api.Node.V0.NodeService.Bind(ref sink, nodeService),
            (ref sink) => Aurae.Api.Observe.V0.ObserveService.Bind(ref sink, observeService),
            (ref sink) => Aurae.Api.Cells.V0.CellService.Bind(ref sink, cellService),
            (ref sink) => Aurae.Api.Artifacts.V0.ArtifactService.Bind(ref sink, artifacts),
            (ref sink) => Aurae.Api.Images.V0.ImageService.Bind(ref sink, images),
            (ref sink) => Aurae.Api.Executables.V0.ExecutableService.Bind(ref sink, executableService),
            (ref sink) => Aurae.Api.Pods.V0.PodService.Bind(ref sink, pods),
            (ref sink) => Health.BindService(sink.Binder, health),
            (ref sink) => ServerReflection.BindService(sink.Binder, reflection),
        ]));

        var app = builder.Build();
        var requestCheck = new RequestMessageCheck(RequestMessageCheck.RequestTypes(served), MaxReceiveMessageSize);
        if (metrics is not null)
        {
            var calls = new Metrics.ApiCallCounter(served.Append(Health.Descriptor).Append(ServerReflection.Descriptor)
                .SelectMany(service => service.Methods).Select(method => $"/{method.Service.FullName}/{method.Name}"));
            // The metrics port serves GET /metrics and nothing else; the API port never serves it.
            var endpoint = new Metrics.MetricsEndpoint(new Metrics.NodeMetrics(metrics.Cells, executables, calls, metrics.Boot), enrollment);
            var port = metrics.Listen.Port;
            app.MapWhen(context => context.Connection.LocalPort == port, branch => branch.Run(endpoint.InvokeAsync));
            // Counted around everything below, so refusals by the gate and the check count too; not at all when nobody reads the counts.
            app.Use(calls.InvokeAsync);
        }
        // The gate first: an unenrolled node answers nothing but health, whatever the request.
        app.Use(new EnrollmentGate(enrollment).InvokeAsync);
        app.Use(requestCheck.InvokeAsync);
        app.MapGrpcService<ApiServices>();
        return app;
    }
}
