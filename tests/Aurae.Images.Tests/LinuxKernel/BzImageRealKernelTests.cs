using System.Text.RegularExpressions;
using Aurae.Images.Compression;
using Aurae.Images.LinuxKernel;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.LinuxKernel;

/// <summary>
/// Each release of the real Debian cloud kernel on the shelf (LZ4-compressed bzImage): its header must read as `file` reads it, and
/// its vmlinux must equal what the lz4 tool decompresses and be an x86-64 ELF with the Xen PVH entry note.
/// </summary>
public sealed class BzImageRealKernelTests
{
    private const string File = "/usr/bin/file";
    private const string Readelf = "/usr/bin/readelf";
    private const string Lz4 = "/usr/bin/lz4";

    [Theory]
    [MemberData(nameof(KernelPackage.Releases), MemberType = typeof(KernelPackage))]
    public void Parse_ReadsTheVersionStringAsFileDoes(string release)
    {
        KernelPackage package = KernelPackage.Named(release);
        string description = ExternalTool.Run(File, ["-b", package.VmlinuzPath]).StandardOutputText;
        string fileVersion = Regex.Match(description, @"bzImage, version (.+?), RO-rootFS").Groups[1].Value;

        BzImage image = BzImage.Parse(package.Vmlinuz);

        Assert.Equal(fileVersion, image.KernelVersion);
        Assert.Equal(package.Release, image.KernelRelease);
        Assert.Contains($"Debian {package.DebianVersion} ", image.KernelVersion, StringComparison.Ordinal);
        Assert.Equal(CompressionFormat.Lz4, image.PayloadCompression);
        Assert.True(image.BootProtocolVersion >= new Version(2, 15), $"protocol {image.BootProtocolVersion}");
    }

    [Theory]
    [MemberData(nameof(KernelPackage.Releases), MemberType = typeof(KernelPackage))]
    public void ExtractVmlinux_EqualsTheLz4ToolsOutput(string release)
    {
        KernelPackage package = KernelPackage.Named(release);
        using var temp = new TempDirectory();
        BzImage image = BzImage.Parse(package.Vmlinuz);
        string payload = temp.Combine("payload.lz4");
        System.IO.File.WriteAllBytes(payload, image.Payload[..^4].ToArray());

        byte[] reference = ExternalTool.Run(Lz4, ["-d", "-c", payload]).StandardOutput;

        Assert.Equal(reference.Length, RealKernel.Vmlinux(package).Length);
        Assert.Equal(image.VmlinuxLength, (uint)reference.Length);
        Assert.True(reference.AsSpan().SequenceEqual(RealKernel.Vmlinux(package)), "vmlinux differs from lz4 -d output.");
    }

    [Theory]
    [MemberData(nameof(KernelPackage.Releases), MemberType = typeof(KernelPackage))]
    public void ExtractVmlinux_ToAFile_IsAnX86_64ElfExecutableWithThePvhEntryNote(string release)
    {
        KernelPackage package = KernelPackage.Named(release);
        using var temp = new TempDirectory();
        string vmlinux = temp.Combine("vmlinux");
        using (FileStream stream = System.IO.File.Create(vmlinux))
        {
            BzImage.Parse(package.Vmlinuz).ExtractVmlinux(stream);
        }

        string header = ExternalTool.Run(Readelf, ["-h", vmlinux]).StandardOutputText;
        string notes = ExternalTool.Run(Readelf, ["-n", vmlinux]).StandardOutputText;

        Assert.Matches(@"Class:\s+ELF64\n", header);
        Assert.Matches(@"Data:\s+2's complement, little endian\n", header);
        Assert.Matches(@"Type:\s+EXEC \(Executable file\)\n", header);
        Assert.Matches(@"Machine:\s+Advanced Micro Devices X86-64\n", header);
        // XEN_ELFNOTE_PHYS32_ENTRY (18): the PVH entry point QEMU microvm and Cloud Hypervisor jump to.
        Assert.Matches(@"Xen\s+0x[0-9a-f]+\s+Unknown note type: \(0x00000012\)", notes);
        // The Linux version note carries the release, NUL-terminated.
        string releaseHex = string.Join(' ', (package.Release + "\0").Select(c => ((byte)c).ToString("x2")));
        Assert.Contains($"description data: {releaseHex}", notes, StringComparison.Ordinal);
        Assert.True(System.IO.File.ReadAllBytes(vmlinux).AsSpan().SequenceEqual(RealKernel.Vmlinux(package)));
    }
}
