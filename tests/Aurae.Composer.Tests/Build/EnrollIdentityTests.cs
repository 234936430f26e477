using System.Text.Json;
using Aurae.Composer.Configuration;
using Aurae.Composer.Tests.CommandLine;
using Aurae.Contract.Manifest;
using Aurae.Contract.Yaml;

namespace Aurae.Composer.Tests.Build;

/// <summary>
/// node.yaml <c>identity</c>: <c>enroll</c> images carry the fleet CA's certificate and no node
/// secret; <c>image</c> (the default) carries the node's certificate and key. Real pxe builds
/// through `aurae-compose build`, read back with GNU cpio.
/// </summary>
public sealed class EnrollIdentityTests : IDisposable
{
    private readonly BuildWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    /// <summary>Builds pxe through the CLI and returns the initramfs entries GNU cpio lists and the manifest, raw and parsed.</summary>
    private (HashSet<string> Paths, JsonElement Json, NodeManifest Manifest, string Extracted) Build(string name, string extra, string? pkiDirectory = null)
    {
        var yaml = workspace.WriteNodeYaml(name + ".yaml", pkiDirectory: pkiDirectory, extra: extra);
        var output = workspace.OutputDirectory(name);
        ComposeCli.Succeed("build", yaml, "--output", output, "--daemon", workspace.Daemon, "--no-cache");
        var image = Path.Combine(output, "initramfs.img");
        var paths = CpioListing.Of(image).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        var extracted = Path.Combine(workspace.Root, "extracted-" + name);
        CpioListing.Extract(image, "zstd", extracted, "etc/*");
        var bytes = File.ReadAllBytes(Path.Combine(extracted, NodeManifestPaths.Manifest));
        using var document = JsonDocument.Parse(bytes);
        var manifest = JsonSerializer.Deserialize(bytes, NodeManifestJsonContext.Default.NodeManifest)
            ?? throw new Xunit.Sdk.XunitException("node.json is null");
        return (paths, document.RootElement.Clone(), manifest, extracted);
    }

    [Fact]
    public void An_enroll_image_carries_the_ca_certificate_and_no_node_secret()
    {
        var (paths, json, manifest, extracted) = Build("enroll", "identity: enroll");

        Assert.Contains(NodeManifestPaths.CaCertificate, paths);
        Assert.DoesNotContain(NodeManifestPaths.Certificate, paths);
        Assert.DoesNotContain(NodeManifestPaths.Key, paths);
        Assert.DoesNotContain(paths, p => p.EndsWith(".key", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(workspace.PkiDirectory, "ca.crt")).Trim(),
            File.ReadAllText(Path.Combine(extracted, NodeManifestPaths.CaCertificate)).Trim());

        Assert.Equal("enroll", json.GetProperty("identity").GetString());
        var pki = json.GetProperty("pki");
        Assert.Equal("/etc/aurae/pki/ca.crt", pki.GetProperty("ca_certificate").GetString());
        Assert.Equal(JsonValueKind.Null, pki.GetProperty("certificate").ValueKind);
        Assert.Equal(JsonValueKind.Null, pki.GetProperty("key").ValueKind);
        Assert.Equal(NodeIdentitySource.Enroll, manifest.Identity);
        Assert.Equal(BuildWorkspace.NodeName, manifest.Hostname);
    }

    [Fact]
    public void An_image_identity_is_the_default_and_carries_certificate_and_key()
    {
        var (paths, json, manifest, extracted) = Build("image", "");

        Assert.Contains(NodeManifestPaths.CaCertificate, paths);
        Assert.Contains(NodeManifestPaths.Certificate, paths);
        Assert.Contains(NodeManifestPaths.Key, paths);
        Assert.Equal(File.ReadAllText(workspace.NodeCertificatePath).Trim(),
            File.ReadAllText(Path.Combine(extracted, NodeManifestPaths.Certificate)).Trim());
        Assert.Equal("image", json.GetProperty("identity").GetString());
        Assert.Equal("/etc/aurae/pki/node.crt", json.GetProperty("pki").GetProperty("certificate").GetString());
        Assert.Equal("/etc/aurae/pki/node.key", json.GetProperty("pki").GetProperty("key").GetString());
        Assert.Equal(NodeIdentitySource.Image, manifest.Identity);
    }

    [Fact]
    public void An_explicit_image_identity_loads_as_image()
    {
        var config = NodeConfigLoader.Load(workspace.WriteNodeYaml(extra: "identity: image"));

        Assert.Equal(NodeIdentitySource.Image, config.Identity);
        Assert.Equal(NodeIdentitySource.Enroll, NodeConfigLoader.Load(workspace.WriteNodeYaml(extra: "identity: enroll")).Identity);
        Assert.Equal(NodeIdentitySource.Image, NodeConfigLoader.Load(workspace.WriteNodeYaml()).Identity);
    }

    [Fact]
    public void An_unknown_identity_is_refused_at_its_line_with_both_choices()
    {
        var yaml = workspace.WriteNodeYaml(extra: "identity: bogus");

        var error = Assert.Throws<ConfigFileException>(() => NodeConfigLoader.Load(yaml));

        Assert.Equal((14, 11, "identity"), (error.Line, error.Column, error.Field));
        Assert.StartsWith($"{yaml}:14:11: field 'identity': 'bogus' is not an identity", error.Message);
        Assert.Contains("image", error.Problem);
        Assert.Contains("enroll", error.Problem);
    }

    [Fact]
    public void An_enroll_image_builds_from_a_pki_directory_holding_only_the_ca_certificate()
    {
        var caOnly = Path.Combine(workspace.Root, "ca-only");
        Directory.CreateDirectory(caOnly);
        File.Copy(Path.Combine(workspace.PkiDirectory, "ca.crt"), Path.Combine(caOnly, "ca.crt"));

        var (paths, json, _, _) = Build("ca-only", "identity: enroll", caOnly);

        Assert.Contains(NodeManifestPaths.CaCertificate, paths);
        Assert.DoesNotContain(NodeManifestPaths.Key, paths);
        Assert.Equal("enroll", json.GetProperty("identity").GetString());
        Assert.Equal(["ca.crt"], Directory.GetFileSystemEntries(caOnly).Select(Path.GetFileName));
    }

    [Fact]
    public void An_image_identity_from_a_pki_directory_holding_only_the_ca_certificate_is_refused()
    {
        var caOnly = Path.Combine(workspace.Root, "ca-only");
        Directory.CreateDirectory(caOnly);
        File.Copy(Path.Combine(workspace.PkiDirectory, "ca.crt"), Path.Combine(caOnly, "ca.crt"));
        var yaml = workspace.WriteNodeYaml("image.yaml", pkiDirectory: caOnly);

        var result = ComposeCli.Fail("build", yaml, "--output", workspace.OutputDirectory("refused"), "--daemon", workspace.Daemon, "--no-cache");

        Assert.Contains(BuildWorkspace.NodeName, result.Error);
        Assert.False(Directory.Exists(workspace.OutputDirectory("refused")));
    }
}
