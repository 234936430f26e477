using System.Text;
using System.Text.Json;
using Aurae.Composer.Configuration;
using Aurae.Composer.Measurement;
using Aurae.Contract.Measurement;
using Aurae.Images.Pe;

namespace Aurae.Composer.Tests.Measurement;

/// <summary>
/// The PCR 11 prediction of tiny UKIs made from Debian's real systemd-stub 252 and synthetic
/// sections, against values computed outside our code (Python's hashlib, see each constant).
/// </summary>
public sealed class Pcr11PredictionTests
{
    private const string OsRelease = "ID=test\n";
    private const string CommandLine = "console=ttyS0";
    private static readonly byte[] Initrd = [1, 2, 3];
    private static readonly byte[] Linux = "not a kernel"u8.ToArray();

    // python3: p = bytes(32); for name, data in [(b'.linux', b'not a kernel'), (b'.osrel', b'ID=test\n'),
    //   (b'.cmdline', b'console=ttyS0'), (b'.initrd', bytes([1, 2, 3]))]:
    //   p = sha256(p + sha256(name + b'\0').digest()).digest(); p = sha256(p + sha256(data).digest()).digest()
    private const string KnownSha256 = "f776f7eed8f71997f3f596e459f235009b42076160a4199c7cf0c9103be65590";
    // The same with sha1 and p = bytes(20).
    private const string KnownSha1 = "c591095d9fb5a7bccbd39a3150936e4012ad53ff";

    private static byte[] Uki(string commandLine = CommandLine, string? kernelRelease = null)
    {
        var output = new MemoryStream();
        UnifiedKernelImage.Write(output, File.ReadAllBytes(BootFilesConfig.Default.EfiStub),
            new UkiContents(OsRelease, commandLine, kernelRelease, Initrd, Linux));
        return output.ToArray();
    }

    [Fact]
    public void Tiny_sections_give_the_value_computed_by_hand_in_both_banks()
    {
        var prediction = Pcr11Predictor.For(Uki());

        Assert.Equal(KnownSha256, prediction.Banks.Sha256);
        Assert.Equal(KnownSha1, prediction.Banks.Sha1);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Initrd)),
            prediction.Sections.Single(s => s.Name == ".initrd").Sha256);
    }

    [Fact]
    public void Sections_are_measured_in_the_stubs_table_order_not_the_files()
    {
        // The UKI's file order is ukify's (.osrel .cmdline .uname .initrd .linux); the stub's is its table's.
        var prediction = Pcr11Predictor.For(Uki(kernelRelease: "6.1.0-test"));

        Assert.Equal([".linux", ".osrel", ".cmdline", ".initrd"], prediction.Sections.Select(s => s.Name));
        Assert.Equal([Linux.Length, OsRelease.Length, CommandLine.Length, Initrd.Length], prediction.Sections.Select(s => s.Size));
    }

    [Fact]
    public void The_uname_section_is_not_measured_by_stub_252()
    {
        // v252's unified_sections[] has no .uname (v253 added it): the value is the one without it.
        Assert.Equal(KnownSha256, Pcr11Predictor.For(Uki(kernelRelease: "6.1.0-test")).Banks.Sha256);
    }

    [Fact]
    public void Changing_the_command_line_changes_the_prediction()
    {
        var one = Pcr11Predictor.For(Uki());
        var other = Pcr11Predictor.For(Uki(commandLine: CommandLine + " quiet"));

        Assert.NotEqual(one.Banks.Sha256, other.Banks.Sha256);
        Assert.NotEqual(one.Banks.Sha1, other.Banks.Sha1);
        Assert.Equal(one.Sections.Single(s => s.Name == ".linux"), other.Sections.Single(s => s.Name == ".linux"));
    }

    [Fact]
    public void The_stub_is_named_from_its_loader_info()
    {
        Assert.Matches(@"^systemd-stub 252\.", Pcr11Predictor.For(Uki()).Stub);
    }

    [Fact]
    public void The_json_parses_back_and_is_the_same_every_time()
    {
        var first = Pcr11PredictionFile.Serialize(Pcr11Predictor.For(Uki()));
        var second = Pcr11PredictionFile.Serialize(Pcr11Predictor.For(Uki()));
        Assert.Equal(first, second);

        using var json = JsonDocument.Parse(first);
        var root = json.RootElement;
        Assert.Equal(11, root.GetProperty("pcr").GetInt32());
        Assert.Equal("systemd-stub 252", root.GetProperty("rules").GetString());
        Assert.Equal(KnownSha256, root.GetProperty("banks").GetProperty("sha256").GetString());
        Assert.Equal(KnownSha1, root.GetProperty("banks").GetProperty("sha1").GetString());
        var sections = root.GetProperty("sections").EnumerateArray().ToList();
        Assert.Equal(".linux", sections[0].GetProperty("name").GetString());
        Assert.Equal(Linux.Length, sections[0].GetProperty("size").GetInt64());
        Assert.EndsWith("\n", Encoding.UTF8.GetString(first));
    }
}
