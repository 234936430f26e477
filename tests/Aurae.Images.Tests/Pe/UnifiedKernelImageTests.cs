using System.Buffers.Binary;
using Aurae.Images.Pe;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Pe;

/// <summary>UKI assembly rules: determinism, section contents, .linux sizing and refused stubs and inputs.</summary>
public sealed class UnifiedKernelImageTests
{
    private static readonly byte[] FakeKernel = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();

    [Fact]
    public void Write_SameInputs_GiveIdenticalBytes()
    {
        byte[] first = UkiSample.Build();
        byte[] second = UkiSample.Build();

        Assert.True(first.AsSpan().SequenceEqual(second));
    }

    [Fact]
    public void Write_SectionsHoldTheContentsAndLinuxIsSizedToTheKernelImage()
    {
        PeImage uki = PeImage.Parse(UkiSample.Build());
        PeImage kernel = PeImage.Parse(KernelPackage.Instance.Vmlinuz);

        foreach ((string name, byte[] expected) in UkiSample.ExpectedSections())
        {
            // .linux is larger in memory than its raw data, so its content includes the FileAlignment padding.
            ReadOnlySpan<byte> content = uki.GetSectionContent(uki.FindSection(name)!).Span;
            Assert.True(content[..expected.Length].SequenceEqual(expected), $"{name} differs.");
            Assert.False(content[expected.Length..].ContainsAnyExcept((byte)0), $"{name} padding is not zero.");
        }

        PeSectionHeader linux = uki.Sections[^1];
        Assert.Equal(".linux", linux.Name);
        Assert.Equal(kernel.OptionalHeader.SizeOfImage, linux.VirtualSize);
        Assert.Equal(PeSectionCharacteristics.MemoryRead | PeSectionCharacteristics.ContainsCode, linux.Characteristics);
        Assert.Equal(0u, uki.OptionalHeader.CheckSum);
        Assert.Equal(0u, uki.FileHeader.PointerToSymbolTable);
        Assert.Equal(0u, uki.FileHeader.NumberOfSymbols);
    }

    [Fact]
    public void Write_KernelWithoutPeHeader_GetsItsLengthAsVirtualSize()
    {
        using var output = new MemoryStream();
        UnifiedKernelImage.Write(output, PeStub.Read(), new UkiContents("ID=aurae\n", "quiet", null, default, FakeKernel));

        PeSectionHeader linux = PeImage.Parse(output.ToArray()).Sections[^1];

        Assert.Equal((uint)FakeKernel.Length, linux.VirtualSize);
        Assert.Equal(0x1400u, linux.SizeOfRawData);
    }

    [Fact]
    public void Write_AbsentOrCorruptStub_FailsClearly()
    {
        var contents = new UkiContents("ID=aurae\n", "quiet", null, default, FakeKernel);
        byte[] truncated = PeStub.Read()[..0x200];

        var absent = Assert.Throws<InvalidDataException>(() => UnifiedKernelImage.Write(Stream.Null, ReadOnlyMemory<byte>.Empty, contents));
        var cut = Assert.Throws<InvalidDataException>(() => UnifiedKernelImage.Write(Stream.Null, truncated, contents));

        Assert.StartsWith("The EFI stub is not a usable PE image: Not a PE image", absent.Message, StringComparison.Ordinal);
        Assert.StartsWith("The EFI stub is not a usable PE image", cut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NonX86Stub_IsRefused()
    {
        byte[] stub = PeStub.Read();
        BinaryPrimitives.WriteUInt16LittleEndian(stub.AsSpan(PeImage.Parse(stub).FileHeaderOffset), 0xAA64);

        var error = Assert.Throws<InvalidDataException>(() =>
            UnifiedKernelImage.Write(Stream.Null, stub, new UkiContents("ID=aurae\n", "", null, default, FakeKernel)));

        Assert.Contains("machine 0xAA64, not x86-64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Contents_InvalidValues_AreRefused()
    {
        Assert.Equal("OsRelease", Assert.Throws<ArgumentException>(() => new UkiContents("", "", null, default, FakeKernel)).ParamName);
        Assert.Equal("CommandLine", Assert.Throws<ArgumentException>(() => new UkiContents("ID=x\n", "a\0b", null, default, FakeKernel)).ParamName);
        Assert.Equal("KernelRelease", Assert.Throws<ArgumentException>(() => new UkiContents("ID=x\n", "", "6.1 x", default, FakeKernel)).ParamName);
        Assert.Equal("Linux", Assert.Throws<ArgumentException>(() => new UkiContents("ID=x\n", "", null, default, default)).ParamName);
    }

    [Fact]
    public void Sections_FollowUkifyOrder()
    {
        IReadOnlyList<PeSectionData> sections = UnifiedKernelImage.Sections(UkiSample.Contents());

        Assert.Equal([".osrel", ".cmdline", ".uname", ".initrd", ".linux"], sections.Select(s => s.Name));
    }
}
