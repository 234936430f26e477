using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using Aurae.Composer.Pki;

namespace Aurae.Composer.Tests.Pki;

/// <summary>Named client certificates under clients/: CN is the name, O the role, clientAuth only.</summary>
public sealed class ClientCertificateTests : IDisposable
{
    private readonly TempPki temp = new();

    public void Dispose() => temp.Dispose();

    private PkiInitResult Init(params string[] clients) =>
        PkiInitializer.Init(temp.Dir, [], clients.Select(ClientSubject.Parse).ToList());

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Each_client_gets_a_certificate_and_a_0600_key_beside_the_operator()
    {
        var result = Init("alice", "bob:reader");

        foreach (var name in new[] { "alice", "bob" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(temp.PathOf("clients", $"{name}.key")));
            Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", File.ReadAllText(temp.PathOf("clients", $"{name}.crt")));
            Assert.Contains(temp.PathOf("clients", $"{name}.crt"), result.Created);
            Assert.Contains(temp.PathOf("clients", $"{name}.key"), result.Created);
        }
        Assert.True(File.Exists(temp.PathOf("operator.crt")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(temp.PathOf("clients")));
        Assert.Equal(4, Directory.GetFileSystemEntries(temp.PathOf("clients")).Length);
    }

    [Theory]
    [InlineData("alice", "subject=O = admin, CN = alice")]
    [InlineData("alice:admin", "subject=O = admin, CN = alice")]
    [InlineData("bob:reader", "subject=O = reader, CN = bob")]
    public void The_role_is_the_organization_as_openssl_reads_it(string spec, string subject)
    {
        Init(spec);
        var name = ClientSubject.Parse(spec).Name;

        var (exitCode, output) = OpenSsl.Run("x509", "-noout", "-subject", "-ext", "extendedKeyUsage", "-in", temp.PathOf("clients", $"{name}.crt"));

        Assert.True(exitCode == 0, output);
        Assert.Contains(subject + "\n", output);
        Assert.Contains("TLS Web Client Authentication", output);
        Assert.DoesNotContain("Server Authentication", output);
    }

    [Fact]
    public void Client_certificates_verify_for_tls_client_use_and_not_for_server_use()
    {
        Init("alice", "bob:reader");

        foreach (var name in new[] { "alice", "bob" })
        {
            var path = temp.PathOf("clients", $"{name}.crt");
            var client = OpenSsl.Run("verify", "-CAfile", temp.PathOf("ca.crt"), "-purpose", "sslclient", path);
            var server = OpenSsl.Run("verify", "-CAfile", temp.PathOf("ca.crt"), "-purpose", "sslserver", path);

            Assert.True(client.ExitCode == 0, client.Output);
            Assert.Contains(": OK", client.Output);
            Assert.NotEqual(0, server.ExitCode);
        }
    }

    [Fact]
    public void Client_key_matches_its_certificate()
    {
        Init("bob:reader");

        var (_, fromKey) = OpenSsl.Run("pkey", "-in", temp.PathOf("clients", "bob.key"), "-pubout");
        var (_, fromCertificate) = OpenSsl.Run("x509", "-in", temp.PathOf("clients", "bob.crt"), "-noout", "-pubkey");

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", fromKey);
        Assert.Equal(fromKey, fromCertificate);
    }

    [Fact]
    public void The_operator_certificate_is_unchanged_admin()
    {
        Init("bob:reader");
        using var operatorCertificate = X509CertificateLoader.LoadCertificateFromFile(temp.PathOf("operator.crt"));

        Assert.Equal("CN=operator, O=admin", operatorCertificate.Subject);
    }

    [Fact]
    public void An_existing_client_is_kept_and_a_different_role_is_only_warned_about()
    {
        Init("bob:reader");
        var before = File.ReadAllBytes(temp.PathOf("clients", "bob.crt"));

        var again = Init("bob:admin", "carol");

        Assert.Equal(before, File.ReadAllBytes(temp.PathOf("clients", "bob.crt")));
        Assert.Contains(temp.PathOf("clients", "bob.crt"), again.Kept);
        Assert.Contains(temp.PathOf("clients", "carol.crt"), again.Created);
        var warning = Assert.Single(again.Warnings);
        Assert.Contains($"kept '{temp.PathOf("clients", "bob.crt")}' (O=reader)", warning);
        Assert.Contains("requested role 'admin'", warning);
    }

    [Fact]
    public void The_same_client_twice_is_refused_before_anything_is_written()
    {
        var error = Assert.Throws<PkiException>(() => Init("alice", "alice:reader"));

        Assert.Contains("client 'alice' is given more than once", error.Message);
        Assert.False(Directory.Exists(temp.Dir));
    }

    [Fact]
    public void Client_certificates_left_without_their_ca_are_refused()
    {
        Init("alice");
        File.Delete(temp.PathOf("ca.crt"));
        File.Delete(temp.PathOf("ca.key"));
        File.Delete(temp.PathOf("operator.crt"));
        File.Delete(temp.PathOf("operator.key"));

        var error = Assert.Throws<PkiException>(() => Init());

        Assert.Contains("exists but the CA that issued it does not", error.Message);
        Assert.Contains(temp.PathOf("clients"), error.Message);
    }

    [Fact]
    public void A_client_certificate_from_another_ca_is_refused()
    {
        using var other = new TempPki();
        PkiInitializer.Init(other.Dir, [], [ClientSubject.Parse("alice")]);
        Init();
        Directory.CreateDirectory(temp.PathOf("clients"));
        File.Copy(other.PathOf("clients", "alice.crt"), temp.PathOf("clients", "alice.crt"));
        File.Copy(other.PathOf("clients", "alice.key"), temp.PathOf("clients", "alice.key"));

        var error = Assert.Throws<PkiException>(() => Init("alice"));

        Assert.Contains($"'{temp.PathOf("clients", "alice.crt")}' was not issued by", error.Message);
    }
}
