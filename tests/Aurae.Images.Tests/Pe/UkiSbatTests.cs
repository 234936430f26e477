using System.Text;
using Aurae.Images.Pe;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Pe;

/// <summary>The opt-in UKI .sbat: the stub's entries kept, the UKI's own appended, as ukify's merge_sbat does.</summary>
public sealed class UkiSbatTests
{
    private static readonly byte[] FakeKernel = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();

    /// <summary>Short enough for Debian's systemd 252 stub, whose .sbat has 0x100 bytes of RVA space before .sdmagic.</summary>
    private const string ShortLine = "aurae,1,Aurae,aurae,0.1,a.io";

    [Fact]
    public void Write_WithSbat_RewritesTheStubsSbatInPlace_AsObjcopySeesIt()
    {
        using var temp = new TempDirectory();
        string uki = temp.File("uki.efi", UkiSample.Build(Contents() with { Sbat = ShortLine }));

        string stubSbat = Encoding.UTF8.GetString(PeObjdump.SectionBytes(PeStub.Path, ".sbat", temp)).TrimEnd('\0');
        string sbat = Encoding.UTF8.GetString(PeObjdump.SectionBytes(uki, ".sbat", temp));

        Assert.StartsWith(UkiSbat.HeaderLine + "\n", stubSbat);
        Assert.Equal(stubSbat + ShortLine + "\n\0", sbat);
        List<PeObjdump.Section> stubSections = PeObjdump.Sections(PeStub.Path);
        List<PeObjdump.Section> sections = PeObjdump.Sections(uki);
        Assert.Equal(stubSections.Select(s => (s.Name, s.Vma, s.FileOffset)), sections.Take(stubSections.Count).Select(s => (s.Name, s.Vma, s.FileOffset)));
        Assert.Single(sections, s => s.Name == ".sbat");
    }

    [Fact]
    public void Write_WithoutSbat_LeavesTheStubsSbatAsItWas()
    {
        byte[] stub = PeStub.Read();
        PeImage stubImage = PeImage.Parse(stub);
        PeImage uki = PeImage.Parse(UkiSample.Build(Contents()));

        PeSectionHeader sbat = uki.FindSection(UkiSbat.SectionName)!;
        Assert.Equal(stubImage.FindSection(UkiSbat.SectionName), sbat);
        Assert.Equal(stubImage.GetSectionContent(sbat).ToArray(), uki.GetSectionContent(sbat).ToArray());
    }

    [Fact]
    public void Write_SbatTooLongForTheStubsSection_MovesItAfterLinux_AndRetiresTheStubs()
    {
        const string Line = "aurae,1,Aurae,aurae,0.1.0,https://github.com/aurae-runtime/aurae";
        PeImage stub = PeImage.Parse(PeStub.Read());
        string stubLines = Encoding.UTF8.GetString(stub.GetSectionContent(stub.FindSection(UkiSbat.SectionName)!).Span).TrimEnd('\0');

        PeImage uki = PeImage.Parse(UkiSample.Build(Contents() with { Sbat = Line }));

        // Exactly one .sbat (shim refuses two), last, holding the stub's lines and ours; the stub's renamed in place.
        Assert.Single(uki.Sections, s => s.Name == UkiSbat.SectionName);
        Assert.Equal([UnifiedKernelImage.LinuxSection, UkiSbat.SectionName], uki.Sections.TakeLast(2).Select(s => s.Name));
        Assert.Equal(stubLines + Line + "\n\0", Encoding.UTF8.GetString(uki.GetSectionContent(uki.Sections[^1]).Span));
        var retired = uki.FindSection(UkiSbat.RetiredSectionName);
        Assert.NotNull(retired);
        Assert.Equal(stub.FindSection(UkiSbat.SectionName)!.VirtualAddress, retired.VirtualAddress);
    }

    [Fact]
    public void Write_StubWithoutSbat_AppendsItAfterLinux()
    {
        byte[] stub = PeStub.Read();
        PeImage stubImage = PeImage.Parse(stub);
        int index = stubImage.Sections.ToList().FindIndex(s => s.Name == UkiSbat.SectionName);
        stub[stubImage.SectionTableOffset + (index * PeSectionHeader.Length) + 4] = (byte)'x'; // ".sbat" -> ".sbax"

        PeImage uki = PeImage.Parse(UkiSample.Build(Contents() with { Sbat = ShortLine }, stub));

        Assert.Equal([UnifiedKernelImage.LinuxSection, UkiSbat.SectionName], uki.Sections.TakeLast(2).Select(s => s.Name));
        Assert.Equal(UkiSbat.HeaderLine + "\n" + ShortLine + "\n\0", Encoding.UTF8.GetString(uki.GetSectionContent(uki.Sections[^1]).Span));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md")]
    [InlineData("aurae,1,Aurae,aurae,0.1")]
    [InlineData("aurae,0,Aurae,aurae,0.1,a.io")]
    [InlineData("aurae,x,Aurae,aurae,0.1,a.io")]
    public void Contents_InvalidSbat_IsRefused(string sbat) =>
        Assert.Throws<ArgumentException>(() => Contents() with { Sbat = sbat });

    private static UkiContents Contents() => new(UkiSample.OsRelease, UkiSample.CommandLine, null, ReadOnlyMemory<byte>.Empty, FakeKernel);
}
