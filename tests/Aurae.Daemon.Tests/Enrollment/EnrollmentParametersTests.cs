using System.Net;
using Aurae.Daemon.Enrollment;
using Aurae.Daemon.Init;

namespace Aurae.Daemon.Tests.Enrollment;

public sealed class EnrollmentParametersTests
{
    private static EnrollmentParameters? Read(string commandLine, out string? problem) =>
        EnrollmentParameters.Read(new KernelCommandLine(commandLine), out problem);

    [Fact]
    public void Reads_an_IPv4_endpoint_and_the_token()
    {
        var parameters = Read("console=ttyS0 aurae.enroll=10.0.2.2:9443 aurae.token=v1.eyJtYWMi.c2ln-_ quiet", out var problem);

        Assert.Null(problem);
        Assert.NotNull(parameters);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.2.2"), 9443), parameters.Endpoint);
        Assert.Equal("v1.eyJtYWMi.c2ln-_", parameters.Token);
        Assert.Equal("10.0.2.2:9443", parameters.Peer);
    }

    [Fact]
    public void Reads_a_bracketed_IPv6_endpoint()
    {
        var parameters = Read("aurae.enroll=[fd00::1]:9443 aurae.token=v1.a.b", out var problem);

        Assert.Null(problem);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("fd00::1"), 9443), parameters!.Endpoint);
        Assert.Equal("[fd00::1]:9443", parameters.Peer);
    }

    [Fact]
    public void Missing_parameter_leaves_the_node_unenrolled_with_the_protocol_state()
    {
        Assert.Null(Read("console=ttyS0 aurae.token=v1.a.b", out var problem));
        Assert.Equal("no aurae.enroll on the kernel command line", problem);
    }

    [Theory]
    [InlineData("aurae.enroll=serve.example:9443 aurae.token=t", "'serve.example' is not an IP address")]
    [InlineData("aurae.enroll=serve:9443 aurae.token=t", "'serve' is not an IP address")]
    // IPAddress.Parse would take "10" as 0.0.0.10.
    [InlineData("aurae.enroll=10:9443 aurae.token=t", "'10' is not an IP address")]
    [InlineData("aurae.enroll=fd00::1:9443 aurae.token=t", "must be bracketed")]
    [InlineData("aurae.enroll=10.0.2.2 aurae.token=t", "no port")]
    [InlineData("aurae.enroll=10.0.2.2:0 aurae.token=t", "port '0'")]
    [InlineData("aurae.enroll=10.0.2.2:65536 aurae.token=t", "port '65536'")]
    [InlineData("aurae.enroll=10.0.2.2:https aurae.token=t", "port 'https'")]
    [InlineData("aurae.enroll=10.0.2.2:9443", "no aurae.token")]
    [InlineData("aurae.enroll=10.0.2.2:9443 aurae.token=a/b", "aurae.token has the character '/'")]
    public void Malformed_parameters_name_the_parameter_and_the_problem(string commandLine, string expected)
    {
        Assert.Null(Read(commandLine, out var problem));
        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
        Assert.StartsWith("aurae.", problem.Replace("no ", ""));
    }

    [Fact]
    public void A_token_longer_than_512_characters_is_refused()
    {
        Assert.Null(Read($"aurae.enroll=10.0.2.2:9443 aurae.token={new string('a', 513)}", out var problem));
        Assert.Contains("aurae.token is 513 characters; at most 512", problem);
    }
}
