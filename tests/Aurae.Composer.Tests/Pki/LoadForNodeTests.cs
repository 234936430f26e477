using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Composer.Pki;

namespace Aurae.Composer.Tests.Pki;

public sealed class LoadForNodeTests : IDisposable
{
    private readonly TempPki temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Returns_the_ca_certificate_and_the_node_certificate_and_key()
    {
        PkiInitializer.Init(temp.Dir, [NodeIdentity.Parse("n1=10.0.0.5")]);

        var pki = PkiDirectory.LoadForNode(temp.Dir, "n1");

        Assert.Equal("n1", pki.NodeName);
        Assert.Equal(File.ReadAllText(temp.PathOf("ca.crt")), pki.CaCertificatePem);
        Assert.Equal(File.ReadAllText(temp.PathOf("nodes/n1.crt")), pki.NodeCertificatePem);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pki.NodeKeyPem);
        using var certificate = X509Certificate2.CreateFromPem(pki.NodeCertificatePem, pki.NodeKeyPem);
        Assert.True(certificate.HasPrivateKey);
    }

    [Fact]
    public void Missing_directory()
    {
        var error = Assert.Throws<PkiException>(() => PkiDirectory.LoadForNode(temp.Dir, "n1"));

        Assert.Equal($"PKI directory '{temp.Dir}' does not exist", error.Message);
    }

    [Fact]
    public void Missing_node_certificate_says_how_to_create_it()
    {
        PkiInitializer.Init(temp.Dir, []);

        var error = Assert.Throws<PkiException>(() => PkiDirectory.LoadForNode(temp.Dir, "n1"));

        Assert.Equal($"'{temp.Dir}/nodes/n1.crt' not found: run `aurae-compose pki init {temp.Dir} --node n1`", error.Message);
    }

    [Fact]
    public void Missing_node_key()
    {
        PkiInitializer.Init(temp.Dir, [new NodeIdentity("n1")]);
        File.Delete(temp.PathOf("nodes/n1.key"));

        var error = Assert.Throws<PkiException>(() => PkiDirectory.LoadForNode(temp.Dir, "n1"));

        Assert.StartsWith($"'{temp.Dir}/nodes/n1.key' not found", error.Message);
    }

    [Fact]
    public void Does_not_need_the_ca_key()
    {
        PkiInitializer.Init(temp.Dir, [new NodeIdentity("n1")]);
        File.Delete(temp.PathOf("ca.key"));

        Assert.Equal("n1", PkiDirectory.LoadForNode(temp.Dir, "n1").NodeName);
    }

    [Fact]
    public void Node_certificate_from_another_ca_is_rejected()
    {
        using var other = new TempPki();
        PkiInitializer.Init(temp.Dir, [new NodeIdentity("n1")]);
        PkiInitializer.Init(other.Dir, []);
        File.Copy(other.PathOf("ca.crt"), temp.PathOf("ca.crt"), overwrite: true);

        var error = Assert.Throws<PkiException>(() => PkiDirectory.LoadForNode(temp.Dir, "n1"));

        Assert.StartsWith($"'{temp.PathOf("nodes/n1.crt")}' does not verify against '{temp.PathOf("ca.crt")}': ", error.Message);
    }

    [Fact]
    public void Node_key_that_does_not_match_is_rejected()
    {
        PkiInitializer.Init(temp.Dir, [new NodeIdentity("n1"), new NodeIdentity("n2")]);
        File.Copy(temp.PathOf("nodes/n2.key"), temp.PathOf("nodes/n1.key"), overwrite: true);

        var error = Assert.Throws<PkiException>(() => PkiDirectory.LoadForNode(temp.Dir, "n1"));

        Assert.Equal($"'{temp.PathOf("nodes/n1.key")}' is not the private key of '{temp.PathOf("nodes/n1.crt")}'", error.Message);
    }

    [Fact]
    public void Certificate_for_another_name_is_rejected()
    {
        PkiInitializer.Init(temp.Dir, [new NodeIdentity("n2")]);
        Directory.CreateDirectory(temp.PathOf("nodes"));
        File.Copy(temp.PathOf("nodes/n2.crt"), temp.PathOf("nodes/n1.crt"));
        File.Copy(temp.PathOf("nodes/n2.key"), temp.PathOf("nodes/n1.key"));

        var error = Assert.Throws<PkiException>(() => PkiDirectory.LoadForNode(temp.Dir, "n1"));

        Assert.Equal($"'{temp.PathOf("nodes/n1.crt")}' is not valid for the name 'n1' (its names: DNS:n2)", error.Message);
    }

    [Fact]
    public void Expired_node_certificate_is_rejected()
    {
        // Issued six years ago: the CA (ten years) is still valid, the node certificate (five) is not.
        var issued = DateTimeOffset.UtcNow.AddYears(-6);
        PkiInitializer.Init(temp.Dir, [new NodeIdentity("n1")], new FixedClock(issued));

        var error = Assert.Throws<PkiException>(() => PkiDirectory.LoadForNode(temp.Dir, "n1"));

        Assert.StartsWith($"'{temp.PathOf("nodes/n1.crt")}' expired on {issued.AddHours(-1).AddYears(5):yyyy-MM-dd}", error.Message);
    }

    [Fact]
    public void Invalid_node_name_is_rejected_before_touching_the_disk()
    {
        var error = Assert.Throws<PkiException>(() => PkiDirectory.LoadForNode(temp.Dir, "../ca"));

        Assert.StartsWith("invalid node name: '../ca' has an empty label", error.Message);
    }

    [Fact]
    public void Leaf_validity_is_clamped_to_the_ca()
    {
        // A CA issued eight years ago has two years left; a new node certificate may not outlive it.
        PkiInitializer.Init(temp.Dir, [], new FixedClock(DateTimeOffset.UtcNow.AddYears(-8)));
        PkiInitializer.AddNode(temp.Dir, new NodeIdentity("n1"));

        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(temp.PathOf("ca.crt")));
        using var node = X509Certificate2.CreateFromPem(File.ReadAllText(temp.PathOf("nodes/n1.crt")));
        Assert.Equal(ca.NotAfter, node.NotAfter);
        Assert.Equal("n1", PkiDirectory.LoadForNode(temp.Dir, "n1").NodeName);
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(temp.PathOf("nodes/n1.key")));
    }
}
