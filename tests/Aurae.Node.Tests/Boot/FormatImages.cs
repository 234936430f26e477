using Aurae.Composer.Configuration;
using Aurae.Composer.Outputs;
using Aurae.Node.Tests.Support;

namespace Aurae.Node.Tests.Boot;

/// <summary>
/// One build of a DHCP node with the real daemon in every firmware-booted format (ISO, raw EFI
/// disk, qcow2, VHD fixed and dynamic, VMDK) and the microVM bundle, shared by the boot tests.
/// </summary>
public sealed class FormatImages : IDisposable
{
    public const string NodeName = "format-node";
    public const int GuestApiPort = 8080;

    private readonly TestNodeImage _image = new(NodeName,
        outputs: "[iso, raw-efi, qcow2, vhd, vhd-dynamic, vmdk, microvm]",
        extraYaml: $"api: {{listen: '0.0.0.0:{GuestApiPort}'}}");

    public string PkiDirectory => _image.PkiDirectory;

    public string Iso => _image.OutputFile(IsoOutput.FileName(NodeName));

    public string Disk(OutputKind kind) => _image.OutputFile(NodeOutputs.DiskFileName(kind, NodeName));

    public string Microvm(string file) => _image.OutputFile(Path.Combine(MicrovmOutput.Directory, file));

    public void Dispose() => _image.Dispose();
}
