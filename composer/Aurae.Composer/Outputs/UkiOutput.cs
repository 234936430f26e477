using Aurae.Composer.Configuration;
using Aurae.Images.Authenticode;
using Aurae.Images.Pe;

namespace Aurae.Composer.Outputs;

/// <summary>
/// A Unified Kernel Image: systemd's EFI stub with the node's os-release, command line, kernel
/// release, initramfs and kernel appended as PE sections. Firmware starts it as any EFI program;
/// it is also the boot program inside the ISO's EFI image and the raw disk's system partition.
/// With node.yaml's secure_boot it is signed (Authenticode), so all of those carry the signed one.
/// </summary>
public sealed class UkiOutput : INodeOutput
{
    // Beyond the stub, kernel and initramfs: headers, the small sections, section alignment.
    private const int UkiSlack = 1024 * 1024;

    /// <summary>
    /// The UKI's own SBAT entry (shim's SBAT.md: component, generation, vendor, package, version, url),
    /// merged after the stub's and the kernel's: revoking generation 1 of "aurae" in a machine's SbatLevel
    /// revokes every image made so far. The version is the composer's (Directory.Build.props), not a
    /// commit hash, so builds stay reproducible.
    /// </summary>
    public static string SbatEntry { get; } =
        $"aurae,1,Aurae,aurae,{typeof(UkiOutput).Assembly.GetName().Version!.ToString(3)},https://github.com/aurae-runtime/aurae";

    public static string FileName(string nodeName) => $"{nodeName}.efi";

    public static ReadOnlyMemory<byte> Build(ComposedNode node)
    {
        var stubPath = node.BootFiles.EfiStub;
        byte[] stub;
        try
        {
            stub = File.ReadAllBytes(stubPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot read the EFI stub '{stubPath}': {e.Message}", e);
        }
        // Room for the whole image up front (the stub, the kernel, the initramfs, and headers and
        // alignment): tens of megabytes, which a growing buffer would copy over and over.
        var uki = new MemoryStream(stub.Length + node.Kernel.Vmlinuz.Length + node.Initramfs.Length + UkiSlack);
        try
        {
            UnifiedKernelImage.Write(uki, stub, new UkiContents(
                OsRelease.For(node.Name), node.CommandLine, node.Kernel.Release, node.Initramfs, node.Kernel.Vmlinuz) { Sbat = SbatEntry });
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"the EFI stub '{stubPath}' cannot head a UKI: {e.Message}", e);
        }
        var unsigned = uki.GetBuffer().AsMemory(0, (int)uki.Length);
        // Authenticode without a signing time: the same inputs and key give the same bytes.
        return node.UkiSigner is { } signer ? AuthenticodeSigner.Sign(unsigned, signer.Certificate) : unsigned;
    }

    public OutputKind Kind => OutputKind.Uki;

    public IReadOnlyList<OutputPart> Needs { get; } = [OutputPart.Uki];

    public int StartOrder => 2;

    public void Write(ComposedNode node, OutputParts parts, StagedOutputDirectory output)
    {
        using var file = output.Create(FileName(node.Name));
        file.Write(parts.Uki.Span);
    }
}
