using System.Buffers.Binary;
using Aurae.Images.Pe;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Pe;

/// <summary>Parsing of the real systemd stub, checked against objdump, and rejection of broken PE files.</summary>
public sealed class PeImageTests
{
    private const int PeSignatureOffset = 0x80; // e_lfanew of Debian's stub

    [Fact]
    public void Parse_RealStub_AgreesWithObjdump()
    {
        PeImage image = PeImage.Parse(PeStub.Read());
        List<PeObjdump.Section> sections = PeObjdump.Sections(PeStub.Path);
        (Dictionary<string, string> headers, _) = PeObjdump.PrivateHeaders(PeStub.Path);

        Assert.Equal(PeSignatureOffset, image.PeSignatureOffset);
        Assert.Equal(CoffFileHeader.MachineAmd64, image.FileHeader.Machine);
        Assert.Equal(PeOptionalHeader.Pe32PlusMagic, image.OptionalHeader.Magic);
        Assert.Equal(PeObjdump.Hex(headers["SizeOfHeaders"]), image.OptionalHeader.SizeOfHeaders);
        Assert.Equal(PeObjdump.Hex(headers["SizeOfImage"]), image.OptionalHeader.SizeOfImage);
        Assert.Equal(PeObjdump.Hex(headers["FileAlignment"]), image.OptionalHeader.FileAlignment);
        Assert.Equal(PeObjdump.Hex(headers["SectionAlignment"]), image.OptionalHeader.SectionAlignment);
        Assert.Equal(PeObjdump.Hex(headers["NumberOfRvaAndSizes"]), image.DataDirectories.Count);
        Assert.True(image.CertificateTable.IsEmpty);
        Assert.Equal(0x11400u, image.FileHeader.PointerToSymbolTable);
        Assert.Equal(sections.Select(s => (s.Name, s.Vma, s.FileOffset, s.Size)),
            image.Sections.Select(s => (s.Name, (long)s.VirtualAddress, (long)s.PointerToRawData, (long)Math.Min(s.VirtualSize, s.SizeOfRawData))));
        Assert.Equal(
            PeObjdump.SectionBytes(PeStub.Path, ".sdmagic", new TempDirectory()),
            image.GetSectionContent(image.FindSection(".sdmagic")!).ToArray());
    }

    [Theory]
    [MemberData(nameof(KernelPackage.Releases), MemberType = typeof(KernelPackage))]
    public void Parse_RealKernel_ReadsItsPeHeader(string release)
    {
        KernelPackage package = KernelPackage.Named(release);
        byte[] kernel = package.Vmlinuz;
        Assert.True(PeImage.HasPeSignature(kernel));

        PeImage image = PeImage.Parse(kernel);

        Assert.Equal(PeObjdump.Hex(PeObjdump.PrivateHeaders(package.VmlinuzPath).Fields["SizeOfImage"]), image.OptionalHeader.SizeOfImage);
        Assert.Equal([".setup", ".compat", ".text", ".data"], image.Sections.Select(s => s.Name));
        Assert.False(image.CertificateTable.IsEmpty); // Debian signs its kernels.
    }

    [Fact]
    public void Parse_EmptyOrForeignData_FailsClearly()
    {
        Assert.Contains("MZ", Assert.Throws<InvalidDataException>(() => PeImage.Parse(Array.Empty<byte>())).Message, StringComparison.Ordinal);
        Assert.Contains("MZ", Assert.Throws<InvalidDataException>(() => PeImage.Parse(new byte[4096])).Message, StringComparison.Ordinal);
        Assert.False(PeImage.HasPeSignature(new byte[4096]));
    }

    [Fact]
    public void Parse_TruncatedStub_FailsClearly()
    {
        byte[] stub = PeStub.Read();

        var headersOnly = Assert.Throws<InvalidDataException>(() => PeImage.Parse(stub.AsMemory(0, 0x300)));
        var bodyCut = Assert.Throws<InvalidDataException>(() => PeImage.Parse(stub.AsMemory(0, 0x8000)));

        Assert.Contains("SizeOfHeaders", headersOnly.Message, StringComparison.Ordinal);
        Assert.Contains("'.text'", bodyCut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BrokenSignatureOrPe32_FailsClearly()
    {
        byte[] noSignature = PeStub.Read();
        noSignature[PeSignatureOffset + 1] = (byte)'X';
        byte[] lfanewOut = PeStub.Read();
        BinaryPrimitives.WriteUInt32LittleEndian(lfanewOut.AsSpan(PeImage.PeSignaturePointerOffset), 0x7FFF_FFFF);
        byte[] pe32 = PeStub.Read();
        BinaryPrimitives.WriteUInt16LittleEndian(pe32.AsSpan(PeSignatureOffset + 4 + CoffFileHeader.Length), PeOptionalHeader.Pe32Magic);

        Assert.Contains("PE\\0\\0", Assert.Throws<InvalidDataException>(() => PeImage.Parse(noSignature)).Message, StringComparison.Ordinal);
        Assert.Contains("e_lfanew", Assert.Throws<InvalidDataException>(() => PeImage.Parse(lfanewOut)).Message, StringComparison.Ordinal);
        Assert.Contains("PE32 (32-bit)", Assert.Throws<InvalidDataException>(() => PeImage.Parse(pe32)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverlappingSections_FailsClearly()
    {
        byte[] stub = PeStub.Read();
        PeImage image = PeImage.Parse(stub);
        // Move .reloc's RVA into .text.
        int relocEntry = image.SectionTableOffset + PeSectionHeader.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(stub.AsSpan(relocEntry + 12), 0x5000);

        var error = Assert.Throws<InvalidDataException>(() => PeImage.Parse(stub));

        Assert.Contains("'.reloc'", error.Message, StringComparison.Ordinal);
        Assert.Contains("overlaps section '.text'", error.Message, StringComparison.Ordinal);
    }
}
