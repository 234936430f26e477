using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Testing;
using System.Security.Cryptography.X509Certificates;

namespace Aurae.Composer.Tests.Build;

/// <summary>
/// A build that fails while writing outputs (after pxe was staged, a UKI whose EFI stub is not a
/// PE image) commits nothing: the staged files go, and so does an output directory the build made.
/// </summary>
public sealed class StagingCleanupTests(BuildWorkspace workspace) : IClassFixture<BuildWorkspace>
{
    /// <summary>A valid config that asks for pxe and then for a UKI headed by a text file.</summary>
    private NodeConfig PxeThenBrokenUki(string fileName)
    {
        var stub = workspace.WriteFile("not-a-stub.efi", "this is not a PE image"u8.ToArray());
        return NodeConfigLoader.Load(workspace.WriteNodeYaml(fileName: fileName, modules: "[]", compression: "none",
            outputs: "[pxe, uki]", extra: $"boot: {{efi_stub: '{stub}'}}"));
    }

    private InvalidDataException BuildFails(NodeConfig config, string output) =>
        Assert.Throws<InvalidDataException>(() =>
            new NodeImageBuilder(DaemonBinary.Load(workspace.Daemon)).Build(config, output));

    [Fact]
    public void A_failure_after_staging_removes_the_output_directory_it_created()
    {
        var output = workspace.OutputDirectory("fails-after-staging");

        var error = BuildFails(PxeThenBrokenUki("fresh.yaml"), output);

        Assert.Contains("not-a-stub.efi' cannot head a UKI", error.Message);
        Assert.False(Directory.Exists(output), $"{output} exists after a failed build");
    }

    /// <summary>A stub signed already (here by sbsign) cannot be extended: appending sections would break its signature.</summary>
    [Fact]
    public void An_already_signed_stub_is_refused_naming_it_and_nothing_is_written()
    {
        using var key = TestCertificates.SelfSignedRsa("Some vendor");
        var keyPath = workspace.WriteFile("vendor.key", System.Text.Encoding.ASCII.GetBytes(key.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem()));
        var certificatePath = workspace.WriteFile("vendor.crt", System.Text.Encoding.ASCII.GetBytes(key.ExportCertificatePem()));
        var signedStub = Path.Combine(Path.GetDirectoryName(keyPath)!, "signed-stub.efi");
        Tool.Succeed("sbsign", "--key", keyPath, "--cert", certificatePath, "--output", signedStub, "/usr/lib/systemd/boot/efi/linuxx64.efi.stub");
        var config = NodeConfigLoader.Load(workspace.WriteNodeYaml(fileName: "signed-stub.yaml", modules: "[]", compression: "none",
            outputs: "[pxe, uki]", extra: $"boot: {{efi_stub: '{signedStub}'}}"));
        var output = workspace.OutputDirectory("signed-stub");

        var error = BuildFails(config, output);

        Assert.Contains("signed-stub.efi' cannot head a UKI", error.Message);
        Assert.Contains("Use an unsigned stub", error.Message);
        Assert.False(Directory.Exists(output), $"{output} exists after a failed build");
    }

    [Fact]
    public void A_failure_after_staging_leaves_an_existing_output_directory_as_it_was()
    {
        var output = workspace.OutputDirectory("existing-fails-after-staging");
        Directory.CreateDirectory(output);
        var old = Path.Combine(output, "vmlinuz");
        File.WriteAllText(old, "the kernel of an earlier build");

        BuildFails(PxeThenBrokenUki("existing.yaml"), output);

        Assert.Equal("the kernel of an earlier build", File.ReadAllText(old));
        Assert.Equal([old], Directory.GetFileSystemEntries(output));
    }
}
