using System.Net;
using System.Text;
using Aurae.Cli.Output;
using Aurae.Contract.Client;

namespace Aurae.Client.Tests.Cli;

public sealed class NodeOutputTests
{
    private static readonly NodeTarget One = new("n1", IPEndPoint.Parse("10.0.0.1:8080"));
    private static readonly NodeTarget Two = new("n2", IPEndPoint.Parse("10.0.0.2:8080"));

    [Fact]
    public void Several_nodes_get_whole_lines_prefixed_with_the_node_name()
    {
        var (output, stdout, stderr) = Create(prefix: true);
        output.Bytes(One, false, "hel"u8);
        output.Bytes(Two, false, "other\n"u8);
        output.Bytes(One, false, "lo\nwor"u8);
        output.Bytes(One, true, "oops\n"u8);
        output.Complete(One);
        Assert.Equal("n2: other\nn1: hello\nn1: wor\n", stdout.ToString().ReplaceLineEndings("\n"));
        Assert.Equal("n1: oops\n", stderr.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void One_node_passes_output_through_and_keeps_split_characters_whole()
    {
        var (output, stdout, _) = Create(prefix: false);
        var bytes = Encoding.UTF8.GetBytes("héllo");
        output.Bytes(One, false, bytes.AsSpan(0, 2));
        output.Bytes(One, false, bytes.AsSpan(2));
        output.Complete(One);
        Assert.Equal("héllo", stdout.ToString());
    }

    [Fact]
    public void Failures_name_the_node_and_its_address()
    {
        var (output, _, stderr) = Create(prefix: false);
        output.Failure(One, "TLS handshake refused — is the certificate from this node's CA?");
        Assert.Equal("n1 (10.0.0.1:8080): TLS handshake refused — is the certificate from this node's CA?\n", stderr.ToString().ReplaceLineEndings("\n"));
    }

    private static (NodeOutput, StringWriter, StringWriter) Create(bool prefix)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        return (new NodeOutput(new CliConsole(stdout, stderr), prefix), stdout, stderr);
    }
}
