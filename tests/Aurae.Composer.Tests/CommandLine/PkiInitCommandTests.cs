using Aurae.Composer.Tests.Pki;

namespace Aurae.Composer.Tests.CommandLine;

/// <summary>`aurae-compose pki init DIR [--node NAME[=ADDR,...]]...`.</summary>
public sealed class PkiInitCommandTests : IDisposable
{
    private readonly TempPki pki = new();

    public void Dispose() => pki.Dispose();

    private static readonly string[] Files =
    [
        "ca.crt", "ca.key", "operator.crt", "operator.key",
        "nodes/n1.crt", "nodes/n1.key", "nodes/n2.crt", "nodes/n2.key",
    ];

    [Fact]
    public void Creates_the_ca_the_operator_and_each_node_and_says_so()
    {
        var result = ComposeCli.Succeed("pki", "init", pki.Dir, "--node", "n1=10.0.0.5", "--node", "n2");

        Assert.Equal("", result.Error);
        foreach (var file in Files)
        {
            Assert.True(File.Exists(pki.PathOf(file)), $"{file} was not created");
            Assert.Contains($"created {pki.PathOf(file)}\n", result.Output.ReplaceLineEndings("\n"));
        }
        Assert.DoesNotContain("kept ", result.Output);
    }

    [Fact]
    public void The_node_addresses_become_ip_subject_alternative_names()
    {
        ComposeCli.Succeed("pki", "init", pki.Dir, "--node", "n1=10.0.0.5", "--node", "n2");

        var n1 = OpenSsl.Run("x509", "-in", pki.PathOf("nodes/n1.crt"), "-noout", "-ext", "subjectAltName");
        var n2 = OpenSsl.Run("x509", "-in", pki.PathOf("nodes/n2.crt"), "-noout", "-ext", "subjectAltName");

        Assert.Equal(0, n1.ExitCode);
        Assert.Contains("DNS:n1", n1.Output);
        Assert.Contains("IP Address:10.0.0.5", n1.Output);
        Assert.Contains("DNS:n2", n2.Output);
        Assert.DoesNotContain("IP Address", n2.Output);
    }

    [Fact]
    public void A_second_run_keeps_everything()
    {
        ComposeCli.Succeed("pki", "init", pki.Dir, "--node", "n1=10.0.0.5", "--node", "n2");
        var before = Files.ToDictionary(f => f, f => File.ReadAllBytes(pki.PathOf(f)));

        var again = ComposeCli.Succeed("pki", "init", pki.Dir, "--node", "n1=10.0.0.5", "--node", "n2");

        Assert.DoesNotContain("created ", again.Output);
        Assert.Contains($"kept {pki.PathOf("ca.crt")}", again.Output);
        Assert.Contains($"kept {pki.PathOf("nodes/n2.key")}", again.Output);
        Assert.All(Files, f => Assert.Equal(before[f], File.ReadAllBytes(pki.PathOf(f))));
    }

    [Theory]
    [InlineData("n1=10.0.0.300")]
    [InlineData("Bad_Name")]
    [InlineData("n1=")]
    [InlineData("n1=10.0.0.5,10.0.0.5")]
    public void A_bad_node_spec_is_quoted_and_nothing_is_created(string spec)
    {
        var result = ComposeCli.Fail("pki", "init", pki.Dir, "--node", "n2", "--node", spec);

        Assert.StartsWith($"aurae-compose: error: invalid node '{spec}': ", result.Error);
        Assert.False(Directory.Exists(pki.Dir), "the PKI directory was created although a node spec is invalid");
    }

    [Fact]
    public void The_same_node_twice_is_refused()
    {
        var result = ComposeCli.Fail("pki", "init", pki.Dir, "--node", "n1", "--node", "n1=10.0.0.5");

        Assert.Contains("node 'n1' is given more than once", result.Error);
    }

    [Fact]
    public void Without_a_directory_it_fails_with_a_usage_error()
    {
        var result = ComposeCli.Run("pki", "init");

        Assert.NotEqual(0, result.ExitCode);
        Assert.NotEqual("", result.Error);
    }
}
