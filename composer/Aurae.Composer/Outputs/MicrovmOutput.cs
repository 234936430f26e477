using System.Text;
using System.Text.Json;
using Aurae.Composer.Configuration;
using Aurae.Images.LinuxKernel;
using Aurae.Images.Reproducibility;

namespace Aurae.Composer.Outputs;

/// <summary>
/// A microVM guest bundle in <see cref="Directory"/>: the uncompressed ELF vmlinux (Firecracker
/// takes no bzImage; Cloud Hypervisor and QEMU microvm enter it through its PVH note), the
/// initramfs, the command line, a Firecracker --config-file and a Cloud Hypervisor launcher.
/// Paths inside are relative: start the VMM from the bundle directory.
/// </summary>
public sealed class MicrovmOutput : INodeOutput
{
    public const string Directory = "microvm";
    public const string KernelFile = "vmlinux";
    public const string InitramfsFile = "initramfs.img";
    public const string CommandLineFile = "cmdline";
    public const string FirecrackerConfigFile = "firecracker.json";
    public const string CloudHypervisorScriptFile = "cloud-hypervisor.sh";

    /// <summary>The host TAP device both VMM configurations attach the guest's NIC to.</summary>
    public const string TapDevice = "aurae0";

    private const int VcpuCount = 2;
    private const int MemoryMiB = 1024;

    public OutputKind Kind => OutputKind.Microvm;

    public IReadOnlyList<OutputPart> Needs { get; } = [];

    // Extracting the kernel is the longest single task of a build: it starts first.
    public int StartOrder => 0;

    public void Write(ComposedNode node, OutputParts parts, StagedOutputDirectory output)
    {
        var vmlinux = BzImage.Parse(node.Kernel.Vmlinuz).ExtractVmlinux();
        var mac = GuestMac(node.Name);
        output.CreateDirectory(Directory);
        Write(output, KernelFile, vmlinux);
        Write(output, InitramfsFile, node.Initramfs);
        Write(output, CommandLineFile, Encoding.UTF8.GetBytes(node.CommandLine + "\n"));
        Write(output, FirecrackerConfigFile, FirecrackerConfig(node.CommandLine, mac));
        using var script = output.Create($"{Directory}/{CloudHypervisorScriptFile}", (UnixFileMode)Convert.ToInt32("755", 8));
        script.Write(Encoding.UTF8.GetBytes(CloudHypervisorScript(node.Name, mac)));
    }

    /// <summary>Firecracker's --config-file: boot-source, machine-config, one virtio-net on <see cref="TapDevice"/>, no drives.</summary>
    public static byte[] FirecrackerConfig(string commandLine, string mac)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("boot-source");
            json.WriteString("kernel_image_path", KernelFile);
            json.WriteString("initrd_path", InitramfsFile);
            json.WriteString("boot_args", commandLine);
            json.WriteEndObject();
            json.WriteStartArray("drives");
            json.WriteEndArray();
            json.WriteStartObject("machine-config");
            json.WriteNumber("vcpu_count", VcpuCount);
            json.WriteNumber("mem_size_mib", MemoryMiB);
            json.WriteEndObject();
            json.WriteStartArray("network-interfaces");
            json.WriteStartObject();
            json.WriteString("iface_id", "eth0");
            json.WriteString("guest_mac", mac);
            json.WriteString("host_dev_name", TapDevice);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static string CloudHypervisorScript(string nodeName, string mac) =>
        $"""
         #!/bin/sh
         # Boots {nodeName} under Cloud Hypervisor (PVH entry of the ELF vmlinux). The NIC is attached to
         # the TAP device {TapDevice}; create it first, e.g. `ip tuntap add {TapDevice} mode tap && ip link set {TapDevice} up`.
         # Extra arguments are passed on to cloud-hypervisor.
         set -eu
         cd "$(dirname "$0")"
         exec cloud-hypervisor \
             --kernel {KernelFile} \
             --initramfs {InitramfsFile} \
             --cmdline "$(cat {CommandLineFile})" \
             --cpus boot={VcpuCount} \
             --memory size={MemoryMiB}M \
             --net "tap={TapDevice},mac={mac}" \
             --serial tty \
             --console off \
             "$@"

         """;

    /// <summary>A locally administered unicast MAC (first octet 0x02) derived from the node name, so rebuilds keep it.</summary>
    public static string GuestMac(string nodeName)
    {
        var bits = SeededGuid.CreateUInt32($"aurae/{nodeName}/microvm/mac");
        return $"02:aa:{(bits >> 24) & 0xFF:x2}:{(bits >> 16) & 0xFF:x2}:{(bits >> 8) & 0xFF:x2}:{bits & 0xFF:x2}";
    }

    private static void Write(StagedOutputDirectory output, string name, ReadOnlyMemory<byte> content)
    {
        using var file = output.Create($"{Directory}/{name}");
        file.Write(content.Span);
    }
}
