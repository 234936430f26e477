using Aurae.Composer.Kernel;
using Aurae.Composer.Tests.Fixtures;

namespace Aurae.Composer.Tests.Kernel;

public sealed class ElfModInfoReaderTests
{
    [Fact]
    public void Reads_the_modinfo_strings_in_order_skipping_padding()
    {
        var elf = SyntheticModule.Elf(["license=GPL", "alias=pci:v1AF4d*", "alias=virtio:d00000001v*", "depends=a,b", "name=virtio_net", "flag"]);

        var info = ElfModInfoReader.Read(elf, "virtio_net.ko");

        Assert.Equal(
            [
                new("license", "GPL"), new("alias", "pci:v1AF4d*"), new("alias", "virtio:d00000001v*"),
                new("depends", "a,b"), new("name", "virtio_net"), new KeyValuePair<string, string>("flag", ""),
            ],
            info.Entries);
        Assert.Equal("virtio_net", info.GetFirst("name"));
        Assert.Equal(["pci:v1AF4d*", "virtio:d00000001v*"], info.GetAll("alias"));
        Assert.Null(info.GetFirst("softdep"));
    }

    [Fact]
    public void Keeps_values_that_contain_equals_signs()
    {
        var info = ElfModInfoReader.Read(SyntheticModule.Elf(["parm=mode:a=b (int)"]), "m.ko");

        Assert.Equal("mode:a=b (int)", info.GetFirst("parm"));
    }

    [Fact]
    public void Rejects_a_file_that_is_not_elf()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfModInfoReader.Read("#!/bin/sh\n"u8, "kernel/x.ko"));

        Assert.Equal("kernel/x.ko: not an ELF file (bad magic)", error.Message);
    }

    [Fact]
    public void Rejects_a_32_bit_elf()
    {
        var elf = SyntheticModule.Elf(["name=x"]);
        elf[4] = 1; // ELFCLASS32

        var error = Assert.Throws<InvalidDataException>(() => ElfModInfoReader.Read(elf, "x.ko"));

        Assert.Equal("x.ko: not a 64-bit ELF file (EI_CLASS 1, expected 2)", error.Message);
    }

    [Fact]
    public void Rejects_a_big_endian_elf()
    {
        var elf = SyntheticModule.Elf(["name=x"]);
        elf[5] = 2; // ELFDATA2MSB

        var error = Assert.Throws<InvalidDataException>(() => ElfModInfoReader.Read(elf, "x.ko"));

        Assert.Contains("not a little-endian ELF file", error.Message);
    }

    [Fact]
    public void Rejects_an_executable()
    {
        var elf = SyntheticModule.Elf(["name=x"]);
        elf[16] = 2; // ET_EXEC

        var error = Assert.Throws<InvalidDataException>(() => ElfModInfoReader.Read(elf, "x.ko"));

        Assert.Equal("x.ko: not a relocatable object (e_type 2, expected ET_REL 1)", error.Message);
    }

    [Fact]
    public void Reports_a_missing_modinfo_section()
    {
        var elf = SyntheticModule.Elf(["name=x"], sectionName: ".rodata");

        var error = Assert.Throws<InvalidDataException>(() => ElfModInfoReader.Read(elf, "kernel/x.ko"));

        Assert.Equal("kernel/x.ko: no .modinfo section (not a kernel module?)", error.Message);
    }

    [Fact]
    public void Reports_a_truncated_section_header_table()
    {
        var elf = SyntheticModule.Elf(["name=x"]);

        var error = Assert.Throws<InvalidDataException>(() => ElfModInfoReader.Read(elf.AsSpan(..^10), "x.ko"));

        Assert.StartsWith("x.ko: truncated: the section header table at offset", error.Message);
    }

    [Fact]
    public void Reports_a_truncated_elf_header()
    {
        var elf = SyntheticModule.Elf(["name=x"]);

        var error = Assert.Throws<InvalidDataException>(() => ElfModInfoReader.Read(elf.AsSpan(..40), "x.ko"));

        Assert.Equal("x.ko: truncated ELF header (40 of 64 bytes)", error.Message);
    }

    [Fact]
    public void Reports_a_section_that_extends_beyond_the_file()
    {
        var elf = SyntheticModule.Elf(["name=x"]);
        var tableOffset = (int)BitConverter.ToUInt64(elf, 40);
        BitConverter.TryWriteBytes(elf.AsSpan(tableOffset + 64 + 32), 1_000_000UL); // .modinfo sh_size

        var error = Assert.Throws<InvalidDataException>(() => ElfModInfoReader.Read(elf, "x.ko"));

        Assert.Contains("x.ko: truncated: the .modinfo at offset 64 (1000000 bytes) extends beyond the file", error.Message);
    }
}

/// <summary>The .modinfo of a real module, in each cloud kernel release on the shelf.</summary>
public sealed class RealModuleModInfoTests
{
    [Theory]
    [MemberData(nameof(KernelReleases.Cloud), MemberType = typeof(KernelReleases))]
    public void Reads_the_modinfo_of_the_real_virtio_net(string release)
    {
        var kernel = RealKernel.Release(release);
        var module = kernel.Package.Modules["virtio_net"];

        var info = ElfModInfoReader.Read(module.Content.Span, module.Path);

        Assert.Equal("virtio_net", info.GetFirst("name"));
        Assert.Contains("net_failover", info.GetFirst("depends")!.Split(','));
        Assert.StartsWith(kernel.Package.Release + " SMP", info.GetFirst("vermagic"));
        Assert.Contains("virtio:d00000001v*", info.GetAll("alias"));
    }
}
