using System.Net;
using Aurae.Api.Discovery.V0;
using Aurae.Client;
using Aurae.Composer.Outputs;
using Aurae.Contract.Client;
using Aurae.Images.Authenticode;
using Aurae.Node.Tests.Boot;
using Aurae.Node.Tests.Support;
using Aurae.Testing;

namespace Aurae.Node.Tests.SecureBoot;

/// <summary>
/// node.yaml's secure_boot under firmware that enforces it: Debian's Secure Boot OVMF, whose db
/// holds Debian's snakeoil test key. The composer signs the UKI with that key (an encrypted PEM,
/// through passphrase_file), and the raw-efi disk and the ISO (as a CD) boot until the API
/// answers Discover (the ISO as a CD and as a disk), the kernel reporting Secure Boot on; the same
/// UKI unsigned, or signed by another key, is Access Denied.
/// </summary>
public sealed class SignedImageBootTests(SignedImageBootTests.SignedImages images) : IClassFixture<SignedImageBootTests.SignedImages>
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(5);
    private const string SecureBootOn = "secureboot: Secure boot enabled";

    public sealed class SignedImages : IDisposable
    {
        private const string SnakeoilKey = "/usr/share/ovmf/PkKek-1-snakeoil.key";
        public const string SnakeoilCertificate = "/usr/share/ovmf/PkKek-1-snakeoil.pem";
        private readonly string _passphrase = Path.Combine(Path.GetTempPath(), $"aurae-snakeoil-{Guid.NewGuid():N}");
        private readonly TestNodeImage _image;

        public SignedImages()
        {
            File.WriteAllText(_passphrase, "snakeoil\n");
            _image = new TestNodeImage(FormatImages.NodeName, outputs: "[uki, iso, raw-efi]",
                extraYaml: $"api: {{listen: '0.0.0.0:{FormatImages.GuestApiPort}'}}\n" +
                           $"secure_boot: {{key: {SnakeoilKey}, cert: {SnakeoilCertificate}, passphrase_file: {_passphrase}}}");
        }

        public string PkiDirectory => _image.PkiDirectory;
        public string Uki => _image.OutputFile(UkiOutput.FileName(FormatImages.NodeName));
        public string Iso => _image.OutputFile(IsoOutput.FileName(FormatImages.NodeName));
        public string RawEfi => _image.OutputFile(NodeOutputs.DiskFileName(Composer.Configuration.OutputKind.RawEfi, FormatImages.NodeName));
        public string Work => _image.OutputDirectory;

        public void Dispose()
        {
            _image.Dispose();
            File.Delete(_passphrase);
        }
    }

    [Fact]
    public Task The_signed_raw_efi_disk_boots_under_enforcing_firmware() => BootAndDiscover(
        ["-drive", $"file={images.RawEfi},format=raw,if=none,id=boot,snapshot=on", "-device", "virtio-blk-pci,drive=boot,bootindex=0"]);

    [Fact]
    public Task The_signed_iso_boots_as_a_cd_under_enforcing_firmware() => BootAndDiscover(
        ["-drive", $"file={images.Iso},media=cdrom,if=none,id=boot,readonly=on", "-device", "ide-cd,drive=boot,bootindex=0"]);

    [Fact]
    public Task The_signed_iso_boots_as_a_disk_under_enforcing_firmware() => BootAndDiscover(
        ["-drive", $"file={images.Iso},format=raw,if=none,id=boot,snapshot=on", "-device", "ide-hd,drive=boot,bootindex=0"]);

    [Fact]
    public void The_composed_uki_verifies_with_sbverify_and_osslsigncode()
    {
        Assert.Contains("Signature verification OK", Tool.Succeed("sbverify", "--cert", SignedImages.SnakeoilCertificate, images.Uki));
        var (exit, output, error) = Tool.Run("osslsigncode", ["verify", "-CAfile", SignedImages.SnakeoilCertificate, "-in", images.Uki]);
        Assert.True(exit == 0, output + error);
    }

    [Fact]
    public Task The_uki_signed_by_a_key_not_in_db_is_refused()
    {
        using var other = TestCertificates.SelfSignedRsa("Not in db");
        return AssertRefused("resigned", AuthenticodeSigner.Sign(Unsigned(), other));
    }

    [Fact]
    public Task The_unsigned_uki_is_refused() => AssertRefused("unsigned", Unsigned());

    /// <summary>The composed UKI with its signature removed (sbattach, an independent tool).</summary>
    private byte[] Unsigned()
    {
        var copy = Path.Combine(images.Work, $"unsigned-{Guid.NewGuid():N}.efi");
        File.Copy(images.Uki, copy);
        Tool.Succeed("sbattach", "--remove", copy);
        return File.ReadAllBytes(copy);
    }

    private async Task AssertRefused(string name, byte[] bootLoader)
    {
        var disk = ShellBootDisk.WithBootLoader(Path.Combine(images.Work, $"{name}.img"), bootLoader);
        using var firmware = Ovmf.SecureBootSnakeoil();
        using var machine = QemuMachine.Start([.. firmware.Arguments, "-cpu", "qemu64,+rdrand", "-net", "none",
            "-drive", $"file={disk},format=raw,if=virtio,snapshot=on"]);
        await machine.WaitForConsoleAsync("No bootable option or device was found", BootTimeout);
        Assert.Contains("Access Denied", machine.Console);
        Assert.DoesNotContain("Linux version", machine.Console);
    }

    private async Task BootAndDiscover(string[] arguments)
    {
        using var firmware = Ovmf.SecureBootSnakeoil();
        var apiPort = FreePort.Next();
        using var machine = QemuMachine.Start(firmware.Arguments.Concat(arguments).Concat(
        [
            "-netdev", $"user,id=n0,hostfwd=tcp:127.0.0.1:{apiPort}-:{FormatImages.GuestApiPort}",
            "-device", "virtio-net-pci,netdev=n0,romfile=",
        ]));
        await machine.WaitForConsoleAsync("auraed info api: serving gRPC", BootTimeout);
        Assert.Contains(SecureBootOn, machine.Console);

        using var channel = NodeChannel.Open(new IPEndPoint(IPAddress.Loopback, apiPort), FormatImages.NodeName,
            ClientIdentity.FromPkiDirectory(images.PkiDirectory));
        var response = await new DiscoveryService.DiscoveryServiceClient(channel)
            .DiscoverAsync(new DiscoverRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.True(response.Healthy);
    }
}
