using Aurae.Client;
using Aurae.Node.Tests.Support;
using Grpc.Net.Client;

namespace Aurae.Node.Tests.Hostile;

/// <summary>The node the hostile-input and TLS refusal tests attack.</summary>
public sealed class HostileNode() : BootedNode(NodeName, ReaderName)
{
    public const string NodeName = "hostile-node";
    public const string ReaderName = "onlooker";

    /// <summary>A channel that trusts the real node and presents <paramref name="certificate"/> (or none).</summary>
    public GrpcChannel ChannelPresenting(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate) =>
        NodeChannel.Open(ApiEndpoint, new ServerCertificateCheck(Operator.CertificateAuthority, NodeName), certificate);
}
