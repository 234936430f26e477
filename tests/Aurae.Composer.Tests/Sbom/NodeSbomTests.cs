using System.Security.Cryptography;
using System.Text.Json;
using Aurae.Composer.Tests.Build;
using Aurae.Composer.Tests.CommandLine;
using Aurae.Testing;

namespace Aurae.Composer.Tests.Sbom;

/// <summary>
/// NAME.cdx.json, written by every build: valid CycloneDX 1.5 by the project's own schema, and
/// each entry checked against an independent source: dpkg-deb for the kernel package, the
/// initramfs unpacked by GNU cpio for the modules, dpkg-query for the boot files, openssl for
/// the certificates' fingerprints.
/// </summary>
public sealed class NodeSbomTests : IClassFixture<NodeSbomTests.Built>
{
    private readonly Built built;

    public NodeSbomTests(Built built) => this.built = built;

    /// <summary>One build of pxe, uki and iso, with a dependency file beside the test daemon.</summary>
    public sealed class Built : IDisposable
    {
        public Built()
        {
            File.WriteAllText(Workspace.Daemon + ".deps.json", """
                {
                  "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0/linux-x64", "signature": "" },
                  "targets": { ".NETCoreApp,Version=v10.0/linux-x64": {} },
                  "libraries": {
                    "auraed/0.1.0": { "type": "project", "serviceable": false, "sha512": "" },
                    "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/10.0.12": { "type": "runtimepack", "serviceable": false, "sha512": "" },
                    "Google.Protobuf/3.36.2": { "type": "package", "serviceable": true, "sha512": "sha512-Ci1q1iJg74qAEJ1PiRlbJqA5Y2aRrtrHcwtE36BTKJNQxxEr3NCtWk/mjbqDZwbDa6cZGGqtUR7wq38awv7Ayw==", "path": "google.protobuf/3.36.2" }
                  }
                }
                """);
            var yaml = Workspace.WriteNodeYaml("sbom.yaml", outputs: "[pxe, uki, iso]");
            Output = Workspace.OutputDirectory("sbom");
            ComposeCli.Succeed("build", yaml, "--output", Output, "--daemon", Workspace.Daemon, "--no-cache");
            Path = System.IO.Path.Combine(Output, $"{BuildWorkspace.NodeName}.cdx.json");
            Text = File.ReadAllText(Path);
            Document = JsonDocument.Parse(Text);
        }

        public BuildWorkspace Workspace { get; } = new();
        public string Output { get; }
        public string Path { get; }
        public string Text { get; }
        public JsonDocument Document { get; }

        public JsonElement Component(string bomRef) =>
            Document.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("bom-ref").GetString() == bomRef);

        public void Dispose()
        {
            Document.Dispose();
            Workspace.Dispose();
        }
    }

    [Fact]
    public void It_is_valid_CycloneDX_1_5_by_the_project_s_own_schema() =>
        Assert.Equal("", CycloneDxSchema.Problems(built.Path));

    [Fact]
    public void The_kernel_is_the_package_dpkg_deb_reads_with_its_hash()
    {
        var kernel = built.Component("kernel");
        var package = Tool.Succeed("dpkg-deb", "-f", built.Workspace.KernelDeb, "Package").Trim();
        var version = Tool.Succeed("dpkg-deb", "-f", built.Workspace.KernelDeb, "Version").Trim();
        Assert.Equal(package, kernel.GetProperty("name").GetString());
        Assert.Equal(version, kernel.GetProperty("version").GetString());
        Assert.Equal($"pkg:deb/debian/{package}@{Uri.EscapeDataString(version)}?arch=amd64", kernel.GetProperty("purl").GetString());
        Assert.Equal(Sha256(built.Workspace.KernelDeb), Hash(kernel));
    }

    [Fact]
    public void Every_module_the_initramfs_carries_is_listed_with_the_hash_of_its_file()
    {
        var unpacked = System.IO.Path.Combine(built.Workspace.Root, "sbom-unpacked");
        CpioListing.Extract(System.IO.Path.Combine(built.Output, "initramfs.img"), "zstd", unpacked, "lib/modules/*");
        var files = Directory.GetFiles(unpacked, "*.ko", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var modules = built.Document.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.GetProperty("type").GetString() == "device-driver").ToList();
        Assert.Equal(files.Length, modules.Count);
        foreach (var file in files)
        {
            var relative = System.IO.Path.GetRelativePath(unpacked, file);
            var module = Assert.Single(modules, m => Property(m, "aurae:path") == relative);
            Assert.Equal(Sha256(file), Hash(module));
        }
        Assert.Equal("true", Property(built.Component("module:virtio_net"), "aurae:loaded-at-boot"));
    }

    [Fact]
    public void Auraed_is_listed_with_its_version_hash_and_the_packages_it_was_built_from()
    {
        var auraed = built.Component("auraed");
        Assert.Equal("0.1.0", auraed.GetProperty("version").GetString());
        Assert.Equal(Sha256(built.Workspace.Daemon), Hash(auraed));
        var protobuf = built.Component("nuget:Google.Protobuf@3.36.2");
        Assert.Equal("pkg:nuget/Google.Protobuf@3.36.2", protobuf.GetProperty("purl").GetString());
        Assert.Equal(128, Hash(protobuf, "SHA-512").Length);
        Assert.Equal("framework", built.Component("nuget:Microsoft.NETCore.App.Runtime.linux-x64@10.0.12").GetProperty("type").GetString());
        var dependsOn = built.Document.RootElement.GetProperty("dependencies").EnumerateArray()
            .Single(d => d.GetProperty("ref").GetString() == "auraed").GetProperty("dependsOn").EnumerateArray().Select(e => e.GetString());
        Assert.Contains("nuget:Google.Protobuf@3.36.2", dependsOn);
    }

    [Fact]
    public void The_boot_files_the_outputs_use_name_the_Debian_packages_dpkg_says_they_came_from()
    {
        foreach (var (bomRef, package) in new[] { ("boot:efi_stub", "systemd-boot-efi"), ("boot:isolinux", "isolinux") })
        {
            var file = built.Component(bomRef);
            Assert.Equal(package, Property(file, "aurae:debian-package"));
            Assert.Equal(Tool.Succeed("dpkg-query", "-W", "-f=${Version}", package), Property(file, "aurae:debian-version"));
            Assert.Equal(Sha256(Property(file, "aurae:path")), Hash(file));
        }
    }

    [Fact]
    public void Certificates_are_listed_by_fingerprint_and_no_key_is()
    {
        var pki = built.Workspace.PkiDirectory;
        foreach (var (bomRef, certificate) in new[] { ("certificate:ca", System.IO.Path.Combine(pki, "ca.crt")), ("certificate:node", built.Workspace.NodeCertificatePath) })
        {
            var fingerprint = Tool.Succeed("openssl", "x509", "-in", certificate, "-noout", "-fingerprint", "-sha256").Trim();
            Assert.Equal(fingerprint[(fingerprint.IndexOf('=') + 1)..].Replace(":", "").ToLowerInvariant(), Hash(built.Component(bomRef)));
        }
        Assert.DoesNotContain("PRIVATE KEY", built.Text);
        var key = File.ReadAllText(built.Workspace.NodeKeyPath);
        var keyBody = key.Split('\n')[1];
        Assert.DoesNotContain(keyBody, built.Text);
    }

    private static string Hash(JsonElement component, string algorithm = "SHA-256") =>
        component.GetProperty("hashes").EnumerateArray().Single(h => h.GetProperty("alg").GetString() == algorithm).GetProperty("content").GetString()!;

    private static string Property(JsonElement component, string name) =>
        component.GetProperty("properties").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("value").GetString()!;

    private static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
