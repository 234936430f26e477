using System.Net;
using System.Security.Authentication;
using Aurae.Contract.Client;
using Aurae.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aurae.Client.Tests.FakeNode;

/// <summary>
/// A node on localhost that speaks the API over mutual TLS as auraed does, answering from
/// <see cref="FakeNodeState"/>; and a client config that points at it.
/// </summary>
internal sealed class FakeNodeServer : IAsyncDisposable
{
    public const string NodeName = "fake-node";

    /// <summary>A second name in the server's certificate, to select the same server as another node.</summary>
    public const string OtherNodeName = "fake-node-2";

    private readonly WebApplication app;
    private readonly TemporaryDirectory scratch;

    private FakeNodeServer(WebApplication app, TemporaryDirectory scratch, string configPath, FakeNodeState state, int port)
    {
        Port = port;
        this.app = app;
        this.scratch = scratch;
        ConfigPath = configPath;
        State = state;
    }

    public string ConfigPath { get; }

    public FakeNodeState State { get; }

    public int Port { get; }

    public static async Task<FakeNodeServer> StartAsync()
    {
        var scratch = new TemporaryDirectory();
        var pki = new TestPki(scratch.Path, NodeName, OtherNodeName);
        var state = new FakeNodeState();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, endpoint =>
        {
            endpoint.Protocols = HttpProtocols.Http2;
            endpoint.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = pki.ServerCertificate,
                SslProtocols = SslProtocols.Tls13,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (_, _, _) => true,
            });
        }));
        builder.Services.AddSingleton(state);
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<FakeNodeService>();
        app.MapGrpcService<FakeCellService>();
        app.MapGrpcService<FakeExecutableService>();
        app.MapGrpcService<FakeArtifactService>();
        app.MapGrpcService<FakeImageService>();
        await app.StartAsync();

        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var configPath = scratch.Combine("config.yaml");
        ClientConfigWriter.Write(configPath, new ClientConfig("test",
        [
            new ClientContext("test", pki.CaPath, pki.CertificatePath, pki.KeyPath,
                [new NodeTarget(NodeName, new IPEndPoint(IPAddress.Loopback, address.Port))]),
        ]));
        return new FakeNodeServer(app, scratch, configPath, state, address.Port);
    }

    /// <summary>A file in the server's scratch directory (removed with it).</summary>
    public string ScratchFile(string name) => scratch.Combine(name);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        scratch.Dispose();
    }
}
