using System.Net;
using System.Numerics;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Composer.Pki;

namespace Aurae.Composer.Tests.Pki;

public sealed class PkiInitializerTests : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly TempPki temp = new();
    private readonly NodeIdentity node = NodeIdentity.Parse("n1=10.0.0.5,fd00::5");

    public void Dispose() => temp.Dispose();

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Init_creates_the_layout_with_private_keys_0600_and_certificates_0644()
    {
        var result = PkiInitializer.Init(temp.Dir, [node]);

        string[] keys = ["ca.key", "operator.key", "nodes/n1.key"];
        string[] certificates = ["ca.crt", "operator.crt", "nodes/n1.crt"];
        foreach (var key in keys)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(temp.PathOf(key)));
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", File.ReadAllText(temp.PathOf(key)));
        }
        foreach (var certificate in certificates)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                File.GetUnixFileMode(temp.PathOf(certificate)));
            Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", File.ReadAllText(temp.PathOf(certificate)));
        }
        Assert.Equal(keys.Concat(certificates).Select(f => temp.PathOf(f)).Order(), result.Created.Order());
        Assert.Empty(result.Kept);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(temp.Dir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(temp.PathOf("nodes")));
        // No temporary files are left behind.
        Assert.Equal(5, Directory.GetFileSystemEntries(temp.Dir).Length);
        Assert.Equal(2, Directory.GetFileSystemEntries(temp.PathOf("nodes")).Length);
    }

    [Fact]
    public void Ca_is_a_self_signed_p256_ca_valid_for_ten_years_from_an_hour_ago()
    {
        var before = DateTimeOffset.UtcNow;
        PkiInitializer.Init(temp.Dir, []);
        using var ca = LoadCertificate("ca.crt");

        Assert.Equal("CN=aurae-ca", ca.Subject);
        Assert.Equal(ca.Subject, ca.Issuer);
        var constraints = Extension<X509BasicConstraintsExtension>(ca);
        Assert.True(constraints.Critical);
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(0, constraints.PathLengthConstraint);
        var usage = Extension<X509KeyUsageExtension>(ca);
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.InRange(ca.NotBefore.ToUniversalTime(), before.UtcDateTime.AddHours(-1).AddSeconds(-5), before.UtcDateTime.AddHours(-1).AddSeconds(5));
        Assert.Equal(ca.NotBefore.AddYears(10), ca.NotAfter);
        AssertP256(ca);
    }

    [Fact]
    public void Operator_certificate_chains_to_the_ca_for_client_auth_with_role_admin()
    {
        PkiInitializer.Init(temp.Dir, []);
        using var ca = LoadCertificate("ca.crt");
        using var operatorCertificate = LoadCertificate("operator.crt");

        Assert.Equal("CN=operator, O=admin", operatorCertificate.Subject);
        Assert.Equal([ClientAuth], Extension<X509EnhancedKeyUsageExtension>(operatorCertificate).EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, Extension<X509KeyUsageExtension>(operatorCertificate).KeyUsages);
        Assert.False(Extension<X509BasicConstraintsExtension>(operatorCertificate).CertificateAuthority);
        AssertChains(operatorCertificate, ca, ClientAuth);
        AssertP256(operatorCertificate);
    }

    [Fact]
    public void Node_certificate_chains_to_the_ca_for_server_auth_with_dns_and_ip_sans()
    {
        PkiInitializer.Init(temp.Dir, [node]);
        using var ca = LoadCertificate("ca.crt");
        using var nodeCertificate = LoadCertificate("nodes/n1.crt");

        Assert.Equal("CN=n1", nodeCertificate.Subject);
        var names = new X509SubjectAlternativeNameExtension(nodeCertificate.Extensions["2.5.29.17"]!.RawData);
        Assert.Equal(["n1"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.Parse("fd00::5")], names.EnumerateIPAddresses());
        Assert.Equal([ServerAuth], Extension<X509EnhancedKeyUsageExtension>(nodeCertificate).EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        AssertChains(nodeCertificate, ca, ServerAuth);
        AssertP256(nodeCertificate);
        Assert.True(nodeCertificate.NotAfter <= ca.NotAfter);
    }

    [Fact]
    public void Serial_numbers_are_random_positive_16_byte_integers()
    {
        PkiInitializer.Init(temp.Dir, [node]);
        string[] files = ["ca.crt", "operator.crt", "nodes/n1.crt"];

        var serials = files.Select(f => LoadCertificate(f).SerialNumberBytes.ToArray()).ToArray();

        foreach (var serial in serials)
        {
            Assert.Equal(16, serial.Length);
            Assert.True(new BigInteger(serial, isUnsigned: false, isBigEndian: true) > 0);
        }
        Assert.Equal(3, serials.Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public void Reinit_reuses_the_ca_keeps_existing_certificates_and_adds_missing_nodes()
    {
        PkiInitializer.Init(temp.Dir, [node]);
        var before = new[] { "ca.crt", "ca.key", "operator.crt", "operator.key", "nodes/n1.crt", "nodes/n1.key" }
            .ToDictionary(f => f, f => File.ReadAllBytes(temp.PathOf(f)));

        var result = PkiInitializer.Init(temp.Dir, [node, new NodeIdentity("n2")]);

        foreach (var (file, bytes) in before)
            Assert.Equal(bytes, File.ReadAllBytes(temp.PathOf(file)));
        Assert.Equal([temp.PathOf("nodes/n2.crt"), temp.PathOf("nodes/n2.key")], result.Created);
        Assert.Equal(6, result.Kept.Count);
        Assert.Empty(result.Warnings);
        using var ca = LoadCertificate("ca.crt");
        AssertChains(LoadCertificate("nodes/n2.crt"), ca, ServerAuth);
    }

    [Fact]
    public void Reinit_with_different_addresses_keeps_the_certificate_and_warns()
    {
        PkiInitializer.Init(temp.Dir, [node]);
        var certificate = File.ReadAllBytes(temp.PathOf("nodes/n1.crt"));

        var result = PkiInitializer.Init(temp.Dir, [NodeIdentity.Parse("n1=10.0.0.9")]);

        Assert.Equal(certificate, File.ReadAllBytes(temp.PathOf("nodes/n1.crt")));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("IP:10.0.0.5, IP:fd00::5", warning);
        Assert.Contains("n1=10.0.0.9", warning);
    }

    [Fact]
    public void AddNode_issues_from_the_existing_ca()
    {
        PkiInitializer.Init(temp.Dir, []);

        var result = PkiInitializer.AddNode(temp.Dir, node);

        Assert.Equal([temp.PathOf("nodes/n1.crt"), temp.PathOf("nodes/n1.key")], result.Created);
        using var ca = LoadCertificate("ca.crt");
        AssertChains(LoadCertificate("nodes/n1.crt"), ca, ServerAuth);
    }

    [Fact]
    public void AddNode_without_a_pki_directory_says_to_run_init()
    {
        var error = Assert.Throws<PkiException>(() => PkiInitializer.AddNode(temp.Dir, node));

        Assert.Equal($"PKI directory '{temp.Dir}' does not exist: run `aurae-compose pki init {temp.Dir}` first", error.Message);
    }

    private X509Certificate2 LoadCertificate(string file) =>
        X509Certificate2.CreateFromPem(File.ReadAllText(temp.PathOf(file)));

    private static T Extension<T>(X509Certificate2 certificate) where T : X509Extension =>
        Assert.Single(certificate.Extensions.OfType<T>());

    private static void AssertP256(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, key.ExportParameters(false).Curve.Oid.Value);
    }

    private static void AssertChains(X509Certificate2 leaf, X509Certificate2 ca, string usage)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usage));

        var built = chain.Build(leaf);

        Assert.True(built, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(2, chain.ChainElements.Count);
        Assert.Equal(ca.Thumbprint, chain.ChainElements[1].Certificate.Thumbprint);
    }
}
