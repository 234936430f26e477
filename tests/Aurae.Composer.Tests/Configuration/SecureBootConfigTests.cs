using System.Security.Cryptography.X509Certificates;
using Aurae.Testing;

namespace Aurae.Composer.Tests.Configuration;

/// <summary>
/// node.yaml's secure_boot is checked when the file is read, before any work: each bad key or
/// certificate is an error at the secure_boot field naming the file, and a good one loads.
/// </summary>
public sealed class SecureBootConfigTests : IDisposable
{
    private const string Head = "name: n1\nkernel: {deb: kernel.deb}\npki: pki\noutputs: [uki]\n";
    private const string SnakeoilKey = "/usr/share/ovmf/PkKek-1-snakeoil.key";
    private const string SnakeoilCertificate = "/usr/share/ovmf/PkKek-1-snakeoil.pem";
    private readonly ConfigTestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory.Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private (string Key, string Certificate) KeyPair(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var certificate = TestCertificates.SelfSignedRsa(name, notBefore, notAfter);
        return (Write($"{name}.key", certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem()), Write($"{name}.crt", certificate.ExportCertificatePem()));
    }

    private NodeConfigProblem Fails(string secureBoot)
    {
        var error = directory.LoadFails(Head + secureBoot);
        return new(error.Line, error.Field, error.Problem);
    }

    private sealed record NodeConfigProblem(int? Line, string? Field, string Problem);

    [Fact]
    public void A_matching_current_key_loads()
    {
        var (key, certificate) = KeyPair("db", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var config = directory.Load(Head + $"secure_boot: {{key: {key}, cert: {certificate}}}\n").SecureBoot;
        Assert.NotNull(config);
        Assert.True(config.Certificate.HasPrivateKey);
    }

    [Fact]
    public void The_snakeoil_key_loads_with_its_passphrase_file()
    {
        var passphrase = Write("passphrase", "snakeoil\n");
        using var config = directory.Load(Head + $"secure_boot: {{key: {SnakeoilKey}, cert: {SnakeoilCertificate}, passphrase_file: {passphrase}}}\n").SecureBoot;
        Assert.NotNull(config);
    }

    [Fact]
    public void An_encrypted_key_without_its_passphrase_is_refused()
    {
        var problem = Fails($"secure_boot: {{key: {SnakeoilKey}, cert: {SnakeoilCertificate}}}\n");
        Assert.Equal((5, "secure_boot"), (problem.Line, problem.Field));
        Assert.Equal($"'{SnakeoilKey}' is encrypted: give its passphrase (secure_boot.passphrase_file)", problem.Problem);
    }

    [Fact]
    public void A_wrong_passphrase_is_refused()
    {
        var passphrase = Write("passphrase", "not snakeoil\n");
        var problem = Fails($"secure_boot: {{key: {SnakeoilKey}, cert: {SnakeoilCertificate}, passphrase_file: {passphrase}}}\n");
        Assert.Equal($"'{SnakeoilKey}' cannot be decrypted with the passphrase given (secure_boot.passphrase_file)", problem.Problem);
    }

    [Fact]
    public void A_key_that_is_not_the_certificates_is_refused()
    {
        var (key, _) = KeyPair("one", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var (_, certificate) = KeyPair("two", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var problem = Fails($"secure_boot: {{key: {key}, cert: {certificate}}}\n");
        Assert.Equal($"'{key}' is not the key of '{certificate}' (CN=two)", problem.Problem);
    }

    [Fact]
    public void An_expired_certificate_is_refused()
    {
        var expiry = DateTimeOffset.UtcNow.AddDays(-2);
        var (key, certificate) = KeyPair("old", expiry.AddYears(-1), expiry);
        var problem = Fails($"secure_boot: {{key: {key}, cert: {certificate}}}\n");
        Assert.StartsWith($"'{certificate}' expired on {expiry.UtcDateTime:yyyy-MM-dd}", problem.Problem);
    }

    [Fact]
    public void A_missing_key_file_is_named_at_its_field()
    {
        var (_, certificate) = KeyPair("db", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var problem = Fails($"secure_boot:\n  key: no-such.key\n  cert: {certificate}\n");
        Assert.Equal((6, "secure_boot.key"), (problem.Line, problem.Field));
        Assert.Contains("no-such.key", problem.Problem);
    }
}
