using Aurae.Composer.Tests.Pki;

namespace Aurae.Composer.Tests.CommandLine;

/// <summary>`aurae-compose pki init DIR [--node NAME[=ADDR,...]]... [--client NAME[:ROLE]]...`.</summary>
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
    public void Writes_the_operators_aurae_config_once_with_every_node_that_has_an_address()
    {
        ComposeCli.Succeed("pki", "init", pki.Dir, "--node", "n1=10.0.0.5", "--node", "n2");
        var path = pki.PathOf("aurae.yaml");

        var config = Aurae.Contract.Client.ClientConfigLoader.Load(path);
        var context = Assert.Single(config.Contexts);
        Assert.Equal(context.Name, config.CurrentContext);
        Assert.Equal(pki.PathOf("operator.crt"), context.CertificatePath);
        Assert.Equal(pki.PathOf("ca.crt"), context.CertificateAuthorityPath);
        var node = Assert.Single(context.Nodes);
        Assert.Equal("n1", node.Name);
        Assert.Equal("10.0.0.5:8080", node.Endpoint.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        File.AppendAllText(path, "# the operator's own edit\n");
        var again = ComposeCli.Succeed("pki", "init", pki.Dir, "--node", "n3=10.0.0.7");
        Assert.Contains($"kept {path}", again.Output);
        Assert.EndsWith("# the operator's own edit\n", File.ReadAllText(path));
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
    public void Clients_are_issued_with_their_role_and_kept_on_a_second_run()
    {
        var first = ComposeCli.Succeed("pki", "init", pki.Dir, "--client", "alice", "--client", "bob:reader", "--client", "carol:admin");

        foreach (var (name, role) in new[] { ("alice", "admin"), ("bob", "reader"), ("carol", "admin") })
        {
            Assert.Contains($"created {pki.PathOf("clients", $"{name}.crt")}\n", first.Output.ReplaceLineEndings("\n"));
            Assert.Contains($"created {pki.PathOf("clients", $"{name}.key")}\n", first.Output.ReplaceLineEndings("\n"));
            var subject = OpenSsl.Run("x509", "-in", pki.PathOf("clients", $"{name}.crt"), "-noout", "-subject");
            Assert.Contains($"subject=O = {role}, CN = {name}", subject.Output);
            var verify = OpenSsl.Run("verify", "-CAfile", pki.PathOf("ca.crt"), "-purpose", "sslclient", pki.PathOf("clients", $"{name}.crt"));
            Assert.True(verify.ExitCode == 0, verify.Output);
        }
        var before = File.ReadAllBytes(pki.PathOf("clients", "bob.crt"));

        var again = ComposeCli.Succeed("pki", "init", pki.Dir, "--client", "bob:reader");

        Assert.DoesNotContain("created ", again.Output);
        Assert.Contains($"kept {pki.PathOf("clients", "bob.crt")}", again.Output);
        Assert.DoesNotContain("warning", again.Output);
        Assert.Equal(before, File.ReadAllBytes(pki.PathOf("clients", "bob.crt")));
    }

    [Fact]
    public void A_kept_client_with_another_role_is_a_warning()
    {
        ComposeCli.Succeed("pki", "init", pki.Dir, "--client", "bob:reader");

        var again = ComposeCli.Succeed("pki", "init", pki.Dir, "--client", "bob:admin");

        Assert.Contains($"warning: kept '{pki.PathOf("clients", "bob.crt")}' (O=reader)", again.Output);
    }

    [Theory]
    [InlineData("alice:root")]
    [InlineData("alice:")]
    [InlineData("../etc")]
    [InlineData("")]
    public void A_bad_client_spec_is_quoted_and_nothing_is_created(string spec)
    {
        var result = ComposeCli.Fail("pki", "init", pki.Dir, "--node", "n1", "--client", "bob:reader", "--client", spec);

        Assert.StartsWith($"aurae-compose: error: invalid client '{spec}': ", result.Error);
        Assert.False(Directory.Exists(pki.Dir), "the PKI directory was created although a client spec is invalid");
    }

    [Fact]
    public void The_same_client_twice_is_refused()
    {
        var result = ComposeCli.Fail("pki", "init", pki.Dir, "--client", "alice", "--client", "alice:reader");

        Assert.Contains("client 'alice' is given more than once", result.Error);
    }

    [Fact]
    public void Without_a_directory_it_fails_with_a_usage_error()
    {
        var result = ComposeCli.Run("pki", "init");

        Assert.NotEqual(0, result.ExitCode);
        Assert.NotEqual("", result.Error);
    }
}
