using System.Net;
using System.Text.Json.Nodes;
using Aurae.Cli;
using Aurae.Cli.Output;
using Aurae.Composer.Outputs;
using Aurae.Contract.Client;
using Aurae.Node.Tests.Boot;
using Aurae.Node.Tests.Support;
using Aurae.Testing;

namespace Aurae.Node.Tests.MeasuredBoot;

/// <summary>
/// Measured boot end to end: the raw-efi disk under OVMF with swtpm as its TPM, so the firmware
/// and systemd's stub measure the boot. The node's quote over the client's nonce verifies, and
/// its PCR 11 equals the composer's prediction (NODE.pcr11.json): `aurae node attest` says match
/// and exits 0; a build with another command line predicts another PCR 11, and against that the
/// node is a mismatch (exit non-zero).
/// </summary>
public sealed class AttestationBootTests : IDisposable
{
    private const string NodeName = "attested-node";
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(5);
    private readonly string _cli = Directory.CreateTempSubdirectory("aurae-attest-cli-").FullName;

    [Fact]
    public async Task Attest_matches_the_builds_prediction_and_not_another()
    {
        // efivarfs carried, not loaded by name: the daemon mounts it on a UEFI boot to read SecureBoot.
        using var image = new TestNodeImage(NodeName, outputs: "[raw-efi]", modules: "[virtio_pci, virtio_net, efivarfs]",
            kernelExtraYaml: "  modules_load: [virtio_pci, virtio_net]", extraYaml: $"api: {{listen: '0.0.0.0:{FormatImages.GuestApiPort}'}}");
        using var tpm = new SoftwareTpm();
        using var firmware = new Ovmf();
        var apiPort = FreePort.Next();
        using var machine = QemuMachine.Start([.. firmware.Arguments, .. tpm.QemuArguments,
            "-drive", $"file={image.OutputFile(NodeOutputs.DiskFileName(Composer.Configuration.OutputKind.RawEfi, NodeName))},format=raw,if=none,id=boot,snapshot=on",
            "-device", "virtio-blk-pci,drive=boot,bootindex=0",
            "-netdev", $"user,id=n0,hostfwd=tcp:127.0.0.1:{apiPort}-:{FormatImages.GuestApiPort}",
            "-device", "virtio-net-pci,netdev=n0,romfile="]);
        await machine.WaitForConsoleAsync("auraed info api: serving gRPC", BootTimeout);

        var config = Path.Combine(_cli, "config.yaml");
        var pki = new Aurae.Composer.Pki.PkiDirectory(image.PkiDirectory);
        ClientConfigWriter.Write(config, new ClientConfig("test", [new ClientContext("test", pki.CaCertificatePath,
            pki.OperatorCertificatePath, pki.OperatorKeyPath, [new NodeTarget(NodeName, new IPEndPoint(IPAddress.Loopback, apiPort))])]));

        var (code, stdout, stderr) = await Aurae("--config", config, "node", "attest", "--expect", image.OutputDirectory);
        Assert.True(code == 0, $"exit {code}\n{stdout}{stderr}\n{machine.Console}");
        Assert.Contains("match: PCR 11 (sha256) is", stdout);
        Assert.Contains("secure boot disabled", stdout);

        // Another build's prediction: the same node with one more word on its command line changes
        // PCR 11's prediction, and the node (whose PCR 11 matched its own build) does not match it.
        using var otherBuild = new TestNodeImage(NodeName, outputs: "[uki]", cmdline: "console=ttyS0 panic=-1 quiet",
            modules: "[virtio_pci, virtio_net, efivarfs]", kernelExtraYaml: "  modules_load: [virtio_pci, virtio_net]");
        var other = Directory.GetFiles(otherBuild.OutputDirectory, "*.pcr11.json").Single();
        Assert.NotEqual(Sha256Of(Directory.GetFiles(image.OutputDirectory, "*.pcr11.json").Single()), Sha256Of(other));
        (code, stdout, stderr) = await Aurae("--config", config, "node", "attest", "--expect", other);
        Assert.NotEqual(0, code);
        Assert.Contains("mismatch", stdout + stderr);
    }

    private static string Sha256Of(string prediction) =>
        JsonNode.Parse(File.ReadAllText(prediction))!["banks"]!["sha256"]!.GetValue<string>();

    private static async Task<(int Code, string Stdout, string Stderr)> Aurae(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = await AuraeCommandLine.RunAsync(args, new CliConsole(stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => Directory.Delete(_cli, recursive: true);
}
