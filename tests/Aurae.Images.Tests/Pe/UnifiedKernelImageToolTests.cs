using System.Text.Json;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Pe;

/// <summary>
/// Independent validation of a UKI built from Debian's systemd 252 stub and the real Debian cloud kernel:
/// binutils (objdump, objcopy) and python3-pefile must see the sections exactly where ukify's rules put them.
/// </summary>
public sealed class UnifiedKernelImageToolTests
{
    private const string Python = "/usr/bin/python3";
    private static readonly string[] StubSectionNames = [".text", ".reloc", ".data", ".dynamic", ".rela", ".dynsym", ".sbat", ".sdmagic"];
    private static readonly string[] UkiSectionNames = [".osrel", ".cmdline", ".uname", ".initrd", ".linux"];

    [Fact]
    public void Objdump_ListsTheStubSectionsUnchangedThenTheUkiSectionsInSystemdOrder()
    {
        using var temp = new TempDirectory();
        string uki = WriteUki(temp);

        List<PeObjdump.Section> stub = PeObjdump.Sections(PeStub.Path);
        List<PeObjdump.Section> sections = PeObjdump.Sections(uki);

        Assert.Equal(StubSectionNames, stub.Select(s => s.Name));
        Assert.Equal(StubSectionNames.Concat(UkiSectionNames), sections.Select(s => s.Name));
        Assert.Equal(stub, sections.Take(stub.Count));
        Assert.Equal(Enumerable.Range(0, sections.Count), sections.Select(s => s.Index));
    }

    [Fact]
    public void Objdump_ShowsSizesVmasAndFileOffsetsAsUkifyPlacesThem()
    {
        using var temp = new TempDirectory();
        string uki = WriteUki(temp);
        const long alignment = 0x200; // Debian's stub: FileAlignment = SectionAlignment = 0x200.
        (Dictionary<string, string> stubHeaders, _) = PeObjdump.PrivateHeaders(PeStub.Path);
        Assert.Equal(alignment, PeObjdump.Hex(stubHeaders["FileAlignment"]));
        Assert.Equal(alignment, PeObjdump.Hex(stubHeaders["SectionAlignment"]));
        long kernelSizeOfImage = PeObjdump.Hex(PeObjdump.PrivateHeaders(KernelPackage.Instance.VmlinuzPath).Fields["SizeOfImage"]);
        Dictionary<string, byte[]> contents = UkiSample.ExpectedSections();

        List<PeObjdump.Section> stub = PeObjdump.Sections(PeStub.Path);
        List<PeObjdump.Section> added = PeObjdump.Sections(uki).Skip(stub.Count).ToList();

        // The stub's sections end at 0x11400 in the file (its symbol table, stripped, started there)
        // and its last section, .sdmagic, ends at RVA 0x19134.
        long fileEnd = stub.Max(s => s.FileOffset + AlignUp(s.Size, alignment));
        long virtualEnd = stub.Max(s => s.Vma + s.Size);
        Assert.Equal(0x11400, fileEnd);
        Assert.Equal(0x19134, virtualEnd);
        foreach (PeObjdump.Section section in added)
        {
            long length = contents[section.Name].Length;
            long rawSize = AlignUp(length, alignment);
            long virtualSize = section.Name == ".linux" ? kernelSizeOfImage : length;
            Assert.Equal(AlignUp(fileEnd, alignment), section.FileOffset);
            Assert.Equal(AlignUp(virtualEnd, alignment), section.Vma);
            // BFD reports min(VirtualSize, SizeOfRawData).
            Assert.Equal(Math.Min(virtualSize, rawSize), section.Size);
            Assert.Equal(0, section.Vma % alignment);
            Assert.Equal(0, section.FileOffset % alignment);
            Assert.True(section.Vma >= virtualEnd, $"{section.Name} overlaps the previous section in memory.");
            Assert.True(section.FileOffset >= fileEnd, $"{section.Name} overlaps the previous section in the file.");
            string kind = section.Name == ".linux" ? "CODE" : "DATA";
            Assert.Equal($"CONTENTS, ALLOC, LOAD, READONLY, {kind}", section.Flags);
            fileEnd = section.FileOffset + rawSize;
            virtualEnd = section.Vma + virtualSize;
        }

        Assert.Equal(new FileInfo(uki).Length, fileEnd);
    }

    [Fact]
    public void Objcopy_ExtractsEverySectionByteExact()
    {
        using var temp = new TempDirectory();
        string uki = WriteUki(temp);

        foreach ((string name, byte[] expected) in UkiSample.ExpectedSections())
        {
            byte[] actual = PeObjdump.SectionBytes(uki, name, temp);
            if (name == ".linux")
            {
                // .linux is larger in memory than in the file, so BFD hands out SizeOfRawData: the kernel
                // followed by its FileAlignment padding (the kernel file is not a multiple of 0x200 long).
                Assert.Equal(AlignUp(expected.Length, 0x200), actual.Length);
                Assert.True(actual.AsSpan(0, expected.Length).SequenceEqual(expected), ".linux does not hold the kernel.");
                Assert.False(actual.AsSpan(expected.Length).ContainsAnyExcept((byte)0), ".linux padding is not zero.");
            }
            else
            {
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"Section {name} differs from its content.");
            }
        }

        // The stub's own sections come through untouched.
        foreach (string name in new[] { ".text", ".sbat", ".sdmagic" })
        {
            Assert.Equal(PeObjdump.SectionBytes(PeStub.Path, name, temp), PeObjdump.SectionBytes(uki, name, temp));
        }
    }

    [Fact]
    public void ObjdumpPrivateHeaders_AreConsistentWithTheSections()
    {
        using var temp = new TempDirectory();
        string uki = WriteUki(temp);
        long kernelSizeOfImage = PeObjdump.Hex(PeObjdump.PrivateHeaders(KernelPackage.Instance.VmlinuzPath).Fields["SizeOfImage"]);

        (Dictionary<string, string> fields, string text) = PeObjdump.PrivateHeaders(uki);
        (Dictionary<string, string> stubFields, _) = PeObjdump.PrivateHeaders(PeStub.Path);
        PeObjdump.Section linux = PeObjdump.Sections(uki).Single(s => s.Name == ".linux");

        Assert.Equal(AlignUp(linux.Vma + kernelSizeOfImage, 0x200), PeObjdump.Hex(fields["SizeOfImage"]));
        Assert.Equal(0, PeObjdump.Hex(fields["CheckSum"]));
        Assert.Equal(stubFields["SizeOfHeaders"], fields["SizeOfHeaders"]);
        Assert.Equal(stubFields["AddressOfEntryPoint"], fields["AddressOfEntryPoint"]);
        Assert.Equal(PeObjdump.Hex(stubFields["SizeOfCode"]) + kernelSizeOfImage, PeObjdump.Hex(fields["SizeOfCode"]));
        long addedData = UkiSample.ExpectedSections().Where(p => p.Key != ".linux").Sum(p => (long)p.Value.Length);
        Assert.Equal(PeObjdump.Hex(stubFields["SizeOfInitializedData"]) + addedData, PeObjdump.Hex(fields["SizeOfInitializedData"]));
        Assert.Contains("symbols stripped", text, StringComparison.Ordinal);
        Assert.Contains("(EFI application)", text, StringComparison.Ordinal);
        Assert.Equal(StubSectionNames.Length + UkiSectionNames.Length, PeObjdump.Sections(uki).Count);
    }

    [Fact]
    public void Pefile_ReadsTheHeadersWithoutNewWarnings()
    {
        using var temp = new TempDirectory();
        string uki = WriteUki(temp);
        const string script = """
            import json, sys, pefile
            pe = pefile.PE(sys.argv[1])
            print(json.dumps({
                "warnings": pe.get_warnings(),
                "sections": [[s.Name.rstrip(b"\0").decode(), s.Misc_VirtualSize, s.SizeOfRawData, s.Characteristics] for s in pe.sections],
                "number_of_sections": pe.FILE_HEADER.NumberOfSections,
                "symbols": [pe.FILE_HEADER.PointerToSymbolTable, pe.FILE_HEADER.NumberOfSymbols],
                "size_of_image": pe.OPTIONAL_HEADER.SizeOfImage,
                "security": [pe.OPTIONAL_HEADER.DATA_DIRECTORY[4].VirtualAddress, pe.OPTIONAL_HEADER.DATA_DIRECTORY[4].Size],
            }, separators=(",", ":")))
            """;

        JsonElement stub = RunPefile(script, PeStub.Path);
        JsonElement result = RunPefile(script, uki);
        JsonElement kernel = RunPefile(script, KernelPackage.Instance.VmlinuzPath);

        Assert.Equal(stub.GetProperty("warnings").ToString(), result.GetProperty("warnings").ToString());
        Assert.Equal(13, result.GetProperty("number_of_sections").GetInt32());
        Assert.Equal("[0,0]", result.GetProperty("symbols").ToString());
        Assert.Equal("[0,0]", result.GetProperty("security").ToString());
        JsonElement[] sections = result.GetProperty("sections").EnumerateArray().ToArray();
        JsonElement linux = sections[^1];
        Assert.Equal(".linux", linux[0].GetString());
        Assert.Equal(kernel.GetProperty("size_of_image").GetInt64(), linux[1].GetInt64());
        Assert.Equal(0x4000_0020, linux[3].GetInt64()); // MEM_READ | CNT_CODE
        foreach (JsonElement section in sections[8..^1])
        {
            Assert.Equal(0x4000_0040, section[3].GetInt64()); // MEM_READ | CNT_INITIALIZED_DATA
        }
    }

    [Fact]
    public void OptionalSections_AreLeftOutWhenEmpty()
    {
        using var temp = new TempDirectory();
        var contents = new Aurae.Images.Pe.UkiContents(UkiSample.OsRelease, "", null, ReadOnlyMemory<byte>.Empty, KernelPackage.Instance.Vmlinuz);
        string uki = temp.Combine("minimal.efi");
        File.WriteAllBytes(uki, UkiSample.Build(contents));

        List<PeObjdump.Section> sections = PeObjdump.Sections(uki);

        Assert.Equal(StubSectionNames.Concat([".osrel", ".linux"]), sections.Select(s => s.Name));
        Assert.Equal(0x19400, sections[^1].Vma);
        Assert.Equal(0x11600, sections[^1].FileOffset);
    }

    private static string WriteUki(TempDirectory temp)
    {
        string path = temp.Combine("aurae.efi");
        File.WriteAllBytes(path, UkiSample.Build());
        return path;
    }

    private static JsonElement RunPefile(string script, string path)
    {
        string output = ExternalTool.Run(Python, ["-c", script, path]).StandardOutputText;
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;
}
