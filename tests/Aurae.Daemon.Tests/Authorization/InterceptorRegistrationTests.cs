using Aurae.Daemon.Hosting;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aurae.Daemon.Tests.Authorization;

/// <summary>The interceptor registers the way ApiServer will register it and DI can build it.</summary>
public sealed class InterceptorRegistrationTests
{
    [Fact]
    public void AddGrpc_registers_it_and_dependency_injection_constructs_it()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGrpc(options => options.Interceptors.Add<ApiCallInterceptor>());
        using var provider = services.BuildServiceProvider();

        var registration = Assert.Single(provider.GetRequiredService<IOptions<GrpcServiceOptions>>().Value.Interceptors);
        var interceptor = ActivatorUtilities.CreateInstance(provider, registration.Type);

        Assert.IsType<ApiCallInterceptor>(interceptor);
    }
}
