namespace Aurae.Composer.Tests.Build;

/// <summary>The files a pxe build leaves in its output directory, and what is in them.</summary>
[Collection(PxeBuildCollection.Name)]
public sealed class PxeOutputTests(PxeBuildFixture build)
{
    [Fact]
    public void The_build_succeeds_and_reports_each_file_it_wrote()
    {
        build.RequireSuccess();
        Assert.Equal("", build.Build.Error);
        Assert.Contains($"building {BuildWorkspace.NodeName} from {build.NodeYaml}", build.Build.Output);
        Assert.Contains($"kernel {build.KernelRelease} from", build.Build.Output);
        foreach (var name in new[] { "vmlinuz", "initramfs.img", "cmdline", "boot.ipxe" })
            Assert.Contains($"wrote {build.OutputFile(name)} (", build.Build.Output);
    }

    [Fact]
    public void Writes_exactly_the_four_pxe_files_and_the_sbom_and_no_staging_directory()
    {
        build.RequireSuccess();

        var entries = Directory.GetFileSystemEntries(build.OutputDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(["boot.ipxe", "cmdline", "initramfs.img", $"{BuildWorkspace.NodeName}.cdx.json", "vmlinuz"], entries);
        Assert.All(Directory.GetFileSystemEntries(build.OutputDirectory), path => Assert.True(File.Exists(path), $"{path} is not a plain file"));
    }

    [Fact]
    public void The_kernel_is_the_packages_vmlinuz_byte_for_byte()
    {
        build.RequireSuccess();

        var written = File.ReadAllBytes(build.OutputFile("vmlinuz"));
        var packaged = File.ReadAllBytes(build.PackageVmlinuz);

        Assert.True(written.Length > 1024 * 1024, $"vmlinuz is only {written.Length} bytes");
        Assert.True(packaged.AsSpan().SequenceEqual(written), "vmlinuz differs from boot/vmlinuz-* in the package");
    }

    [Fact]
    public void The_cmdline_file_is_the_configured_command_line_and_a_newline()
    {
        build.RequireSuccess();

        Assert.Equal("console=ttyS0 panic=-1\n", File.ReadAllText(build.OutputFile("cmdline")));
    }

    [Fact]
    public void The_ipxe_script_loads_kernel_and_initramfs_by_relative_names()
    {
        build.RequireSuccess();

        Assert.Equal(
            "#!ipxe\n" +
            "kernel vmlinuz initrd=initramfs.img console=ttyS0 panic=-1\n" +
            "initrd initramfs.img\n" +
            "boot\n",
            File.ReadAllText(build.OutputFile("boot.ipxe")));
    }

    [Fact]
    public void The_initramfs_is_a_zstd_frame()
    {
        build.RequireSuccess();

        var image = File.ReadAllBytes(build.OutputFile("initramfs.img"));

        // RFC 8878 section 3.1.1: a Zstandard frame starts with the magic number 0xFD2FB528 (little-endian).
        Assert.Equal(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }, image[..4]);
        Shell.Succeed($"zstd -tq {Shell.Quote(build.OutputFile("initramfs.img"))}");
    }
}
