using System.Text;
using Aurae.Composer.Configuration;

namespace Aurae.Composer.Outputs;

/// <summary>
/// Network boot: the kernel, the initramfs, the command line, and an iPXE script that loads
/// them by URLs relative to its own (so the three files can be served from any directory).
/// </summary>
public sealed class PxeOutput : INodeOutput
{
    public const string KernelFile = "vmlinuz";
    public const string InitramfsFile = "initramfs.img";
    public const string CommandLineFile = "cmdline";
    public const string IpxeScriptFile = "boot.ipxe";

    public OutputKind Kind => OutputKind.Pxe;

    public IReadOnlyList<OutputPart> Needs { get; } = [];

    public int StartOrder => 1;

    public void Write(ComposedNode node, OutputParts parts, StagedOutputDirectory output)
    {
        using (var kernel = output.Create(KernelFile))
            kernel.Write(node.Kernel.Vmlinuz.Span);
        using (var initramfs = output.Create(InitramfsFile))
            initramfs.Write(node.Initramfs.Span);
        using (var cmdline = output.Create(CommandLineFile))
            cmdline.Write(Encoding.UTF8.GetBytes(node.CommandLine + "\n"));
        using (var script = output.Create(IpxeScriptFile))
            script.Write(Encoding.UTF8.GetBytes(IpxeScript(node.CommandLine)));
    }

    /// <summary>
    /// `initrd=` names the initramfs for EFI-stub kernels booted by iPXE under UEFI; BIOS boots
    /// ignore it.
    /// </summary>
    public static string IpxeScript(string commandLine) =>
        $"""
         #!ipxe
         kernel {KernelFile} initrd={InitramfsFile} {commandLine}
         initrd {InitramfsFile}
         boot

         """;
}
