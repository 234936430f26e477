using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Aurae.Api.Discovery.V0;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Aurae.Node.Tests.Fleet;

/// <summary>A node whose bootstrap token is forged or expired is not enrolled, says why, and serves health only.</summary>
public sealed class RefusedEnrollmentTests(RefusedEnrollments nodes) : IClassFixture<RefusedEnrollments>
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_node_with_a_forged_token_logs_why_it_is_not_enrolled()
    {
        Assert.Contains($"enrollment: refused by {nodes.EnrollEndpoint}: bootstrap token is not valid", nodes.Forged.Console);
        Assert.DoesNotContain("enrollment: enrolled as", nodes.Forged.Console);
        Assert.Contains(nodes.ServeLog, line => line.Contains($"{RefusedEnrollments.QemuMac}: refused (bootstrap token is not valid", StringComparison.Ordinal));
    }

    [Fact]
    public void The_node_with_an_expired_token_logs_why_it_is_not_enrolled()
    {
        Assert.Contains($"enrollment: refused by {nodes.EnrollEndpoint}: bootstrap token expired at", nodes.Expired.Console);
        Assert.DoesNotContain("enrollment: enrolled as", nodes.Expired.Console);
        Assert.DoesNotContain(nodes.ServeLog, line => line.Contains("enrolled as", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("expired")]
    public async Task Until_enrolled_the_api_answers_health_only(string which)
    {
        var endpoint = which == "forged" ? nodes.ForgedApi : nodes.ExpiredApi;
        using var channel = UnverifiedChannel(endpoint);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + CallTimeout);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, health.Status);

        var error = await Assert.ThrowsAsync<RpcException>(() => new DiscoveryService.DiscoveryServiceClient(channel)
            .DiscoverAsync(new DiscoverRequest(), deadline: DateTime.UtcNow + CallTimeout).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains($"node not enrolled: refused by {nodes.EnrollEndpoint}", error.Status.Detail);
    }

    // The unenrolled node's certificate is self-signed (it has no other yet): this client looks
    // past that to see what the node answers. It still presents the operator's certificate.
    private GrpcChannel UnverifiedChannel(IPEndPoint endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
                ClientCertificates = [nodes.Operator.Certificate],
            },
        };
        return GrpcChannel.ForAddress($"https://{endpoint}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}
