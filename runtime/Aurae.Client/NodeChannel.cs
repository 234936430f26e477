using Aurae.Contract.Client;
using System.Net;
using System.Security.Authentication;
using Grpc.Net.Client;

namespace Aurae.Client;

/// <summary>Opens gRPC channels to nodes over mutual TLS 1.3.</summary>
public static class NodeChannel
{
    /// <summary>
    /// A channel to <paramref name="endpoint"/> that presents <paramref name="identity"/>'s
    /// certificate and accepts only a server certificate from the fleet CA naming <paramref name="nodeName"/>.
    /// </summary>
    public static GrpcChannel Open(IPEndPoint endpoint, string nodeName, ClientIdentity identity) =>
        Open(endpoint, new ServerCertificateCheck(identity.CertificateAuthority, nodeName), identity.Certificate);

    /// <summary>For tests and tools that need to present no certificate or an arbitrary one.</summary>
    public static GrpcChannel Open(IPEndPoint endpoint, ServerCertificateCheck serverCheck,
        System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            EnableMultipleHttp2Connections = true,
            SslOptions =
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                RemoteCertificateValidationCallback = serverCheck.Callback,
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            },
        };
        var address = endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"https://[{endpoint.Address}]:{endpoint.Port}"
            : $"https://{endpoint.Address}:{endpoint.Port}";
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}
