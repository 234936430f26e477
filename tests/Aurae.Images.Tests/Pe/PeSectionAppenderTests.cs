using System.Buffers.Binary;
using Aurae.Images.Pe;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Pe;

/// <summary>Section appending rules and the stubs and sections that must be refused.</summary>
public sealed class PeSectionAppenderTests
{
    private static readonly byte[] Payload = "payload"u8.ToArray();

    [Fact]
    public void Write_StubWithSevenFreeHeaderSlots_TakesSevenSectionsAndRefusesEight()
    {
        PeImage stub = PeImage.Parse(PeStub.Read());
        PeSectionData[] seven = Enumerable.Range(0, 7).Select(i => new PeSectionData($".s{i}", Payload)).ToArray();
        PeSectionData[] eight = Enumerable.Range(0, 8).Select(i => new PeSectionData($".s{i}", Payload)).ToArray();

        byte[] written = Append(stub, seven);
        var error = Assert.Throws<InvalidDataException>(() => Append(stub, eight));

        Assert.Equal(15, PeImage.Parse(written).Sections.Count);
        Assert.Contains("room for 7 more section headers, not 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SignedStub_IsRefused()
    {
        byte[] bytes = PeStub.Read();
        PeImage parsed = PeImage.Parse(bytes);
        int certificateEntry = parsed.OptionalHeaderOffset + PeOptionalHeader.FixedLength + (PeDataDirectory.CertificateTableIndex * PeDataDirectory.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(certificateEntry), 0x14568);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(certificateEntry + 4), 0x100);

        var error = Assert.Throws<InvalidDataException>(() => Append(PeImage.Parse(bytes), [new PeSectionData(".osrel", Payload)]));

        Assert.Contains("signed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_DataAfterTheSymbolTable_IsRefused()
    {
        byte[] bytes = [.. PeStub.Read(), 1, 2, 3, 4];

        var error = Assert.Throws<InvalidDataException>(() => Append(PeImage.Parse(bytes), [new PeSectionData(".osrel", Payload)]));

        Assert.Contains("symbol table at 0x11400", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OverlayWithoutSymbolTable_IsRefused()
    {
        byte[] bytes = PeStub.Read();
        PeImage parsed = PeImage.Parse(bytes);
        // Forget the symbol table: its bytes become unexplained data after the last section.
        bytes.AsSpan(parsed.FileHeaderOffset + 8, 8).Clear();

        var error = Assert.Throws<InvalidDataException>(() => Append(PeImage.Parse(bytes), [new PeSectionData(".osrel", Payload)]));

        Assert.Contains("after its last section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_DuplicateSectionName_IsRefused()
    {
        PeImage stub = PeImage.Parse(PeStub.Read());

        var existing = Assert.Throws<InvalidDataException>(() => Append(stub, [new PeSectionData(".sbat", Payload)]));
        var twice = Assert.Throws<InvalidDataException>(() => Append(stub, [new PeSectionData(".osrel", Payload), new PeSectionData(".osrel", Payload)]));

        Assert.Contains("'.sbat'", existing.Message, StringComparison.Ordinal);
        Assert.Contains("'.osrel'", twice.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".toolong9")]
    [InlineData(".naïve")]
    [InlineData(".a\tb")]
    public void SectionData_InvalidName_IsRefused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new PeSectionData(name, Payload));

        Assert.Equal("Name", error.ParamName);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionData_EmptyContentOrShortVirtualSize_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new PeSectionData(".empty", ReadOnlyMemory<byte>.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeSectionData(".short", Payload) { VirtualSize = 3 });
    }

    [Fact]
    public void Write_EightByteName_IsStoredWithoutTerminator()
    {
        byte[] written = Append(PeImage.Parse(PeStub.Read()), [new PeSectionData(".eight_8", Payload)]);
        PeImage image = PeImage.Parse(written);

        PeSectionHeader section = image.Sections[^1];
        Assert.Equal(".eight_8", section.Name);
        Assert.Equal(Payload, image.GetSectionContent(section).ToArray());
        Assert.Equal((uint)Payload.Length, section.VirtualSize);
    }

    private static byte[] Append(PeImage image, IReadOnlyList<PeSectionData> sections)
    {
        using var output = new MemoryStream();
        PeSectionAppender.Write(output, image, sections);
        return output.ToArray();
    }
}
