using Aurae.Composer.Pki;

namespace Aurae.Composer.Tests.Pki;

/// <summary>Checks the generated PKI with openssl, independently of .NET's own X.509 code.</summary>
public sealed class OpenSslValidationTests : IDisposable
{
    private readonly TempPki temp = new();

    public OpenSslValidationTests() =>
        PkiInitializer.Init(temp.Dir, [NodeIdentity.Parse("n1=10.0.0.5,fd00::5")]);

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Node_certificate_verifies_for_tls_server_use()
    {
        var (exitCode, output) = OpenSsl.Run("verify", "-CAfile", temp.PathOf("ca.crt"), "-purpose", "sslserver", temp.PathOf("nodes/n1.crt"));

        Assert.True(exitCode == 0, output);
        Assert.Contains(": OK", output);
    }

    [Fact]
    public void Operator_certificate_verifies_for_tls_client_use()
    {
        var (exitCode, output) = OpenSsl.Run("verify", "-CAfile", temp.PathOf("ca.crt"), "-purpose", "sslclient", temp.PathOf("operator.crt"));

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Node_certificate_does_not_verify_for_client_use()
    {
        var (exitCode, _) = OpenSsl.Run("verify", "-CAfile", temp.PathOf("ca.crt"), "-purpose", "sslclient", temp.PathOf("nodes/n1.crt"));

        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public void Node_certificate_text_shows_sans_usage_and_p256_key()
    {
        var (exitCode, output) = OpenSsl.Run("x509", "-noout", "-text", "-in", temp.PathOf("nodes/n1.crt"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("DNS:n1, IP Address:10.0.0.5, IP Address:FD00:0:0:0:0:0:0:5", output);
        Assert.Contains("TLS Web Server Authentication", output);
        Assert.Contains("Subject: CN = n1", output);
        Assert.Contains("Issuer: CN = aurae-ca", output);
        Assert.Contains("Public Key Algorithm: id-ecPublicKey", output);
        Assert.Contains("NIST CURVE: P-256", output);
        Assert.Contains("ecdsa-with-SHA256", output);
    }

    [Fact]
    public void Ca_certificate_text_shows_a_critical_ca_constraint_and_ten_years()
    {
        var (exitCode, output) = OpenSsl.Run("x509", "-noout", "-text", "-in", temp.PathOf("ca.crt"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("X509v3 Basic Constraints: critical", output);
        Assert.Contains("CA:TRUE, pathlen:0", output);
        Assert.Contains("Certificate Sign, CRL Sign", output);
        Assert.Contains("Subject: CN = aurae-ca", output);
    }

    [Fact]
    public void Operator_subject_carries_the_admin_role()
    {
        var (exitCode, output) = OpenSsl.Run("x509", "-noout", "-subject", "-ext", "extendedKeyUsage", "-in", temp.PathOf("operator.crt"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("subject=O = admin, CN = operator", output);
        Assert.Contains("TLS Web Client Authentication", output);
    }

    [Theory]
    [InlineData("ca.key")]
    [InlineData("operator.key")]
    [InlineData("nodes/n1.key")]
    public void Keys_are_unencrypted_pkcs8_p256(string file)
    {
        var (exitCode, output) = OpenSsl.Run("pkey", "-in", temp.PathOf(file), "-noout", "-text");

        Assert.True(exitCode == 0, output);
        Assert.Contains("NIST CURVE: P-256", output);
    }

    [Fact]
    public void Node_key_matches_node_certificate()
    {
        var (_, fromKey) = OpenSsl.Run("pkey", "-in", temp.PathOf("nodes/n1.key"), "-pubout");
        var (_, fromCertificate) = OpenSsl.Run("x509", "-in", temp.PathOf("nodes/n1.crt"), "-noout", "-pubkey");

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", fromKey);
        Assert.Equal(fromKey, fromCertificate);
    }
}
