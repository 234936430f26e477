using Aurae.Testing;
using Aurae.Contract.Modules;

namespace Aurae.Daemon.Tests.Modules;

public sealed class GlobPatternTests
{
    [Theory]
    // Literal
    [InlineData("virtio_net", "virtio_net", true)]
    [InlineData("virtio_net", "virtio_ne", false)]
    [InlineData("virtio_net", "virtio_nett", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    // '*': any run, also empty, also across '/' (no FNM_PATHNAME), several stars backtrack
    [InlineData("virtio:d00000001v*", "virtio:d00000001v00001AF4", true)]
    [InlineData("virtio:d00000001v*", "virtio:d00000001v", true)]
    [InlineData("virtio:d00000001v*", "virtio:d00000002v00001AF4", false)]
    [InlineData("pci:v00001AF4d*sv*sd*bc*sc*i*", "pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00", true)]
    [InlineData("pci:v00001AF4d*sv*sd*bc*sc*i*", "pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00", false)]
    [InlineData("cpu:type:x86,ven*fam*mod*:feature:*0094*", "cpu:type:x86,ven0000fam0006mod003F:feature:,0000,0001,0094,00E5", true)]
    [InlineData("cpu:type:x86,ven*fam*mod*:feature:*0094*", "cpu:type:x86,ven0000fam0006mod003F:feature:,0000,0001,0095", false)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("**", "", true)]
    [InlineData("a/*", "a/b/c", true)]
    // '?': exactly one character
    [InlineData("usb:v?d", "usb:vXd", true)]
    [InlineData("usb:v?d", "usb:vd", false)]
    [InlineData("usb:v?d", "usb:vXYd", false)]
    // Sets: ranges, negation with '!' and '^', ']' as first member, '-' at the end
    [InlineData("dmi*:bd[0-9]", "dmi:bd7", true)]
    [InlineData("dmi*:bd[0-9]", "dmi:bdA", false)]
    [InlineData("usb:v1D6Bp0001d[0-2]*", "usb:v1D6Bp0001d0206dc09", true)]
    [InlineData("usb:v1D6Bp0001d[0-2]*", "usb:v1D6Bp0001d3306dc09", false)]
    [InlineData("[!a]x", "bx", true)]
    [InlineData("[!a]x", "ax", false)]
    [InlineData("[^a]x", "ax", false)]
    [InlineData("[]]", "]", true)]
    [InlineData("[!]]", "]", false)]
    [InlineData("[a-]", "-", true)]
    [InlineData("[0-9A-F][0-9A-F]", "3C", true)]
    [InlineData("[0-9A-F][0-9A-F]", "3c", false)]
    // An unclosed '[' is an ordinary character; '\' escapes
    [InlineData("a[b", "a[b", true)]
    [InlineData("a[b", "ab", false)]
    [InlineData("a\\*", "a*", true)]
    [InlineData("a\\*", "ab", false)]
    [InlineData("acpi*:LNRO0005:*", "acpi:LNRO0005:", true)]
    [InlineData("of:N*T*Cvirtio,mmioC*", "of:NvirtioT(null)Cvirtio,mmioCfoo", true)]
    public void Matches_as_fnmatch_without_flags(string pattern, string text, bool expected) =>
        Assert.Equal(expected, GlobPattern.IsMatch(pattern, text));

    [Fact]
    public void Agrees_with_python_fnmatchcase_on_alias_patterns_from_the_kernel()
    {
        // Python's fnmatchcase implements the same glob independently (no '\' escapes, '!' only),
        // so patterns without those must agree with it on every pair.
        string[] patterns = ["pci:v00001AF4d*sv*sd*bc*sc*i*", "virtio:d0000000[12]v*", "*:LNRO0005:*", "usb:v?d[!0]*", "cpu:*feature:*0094*"];
        string[] texts = ["pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00", "virtio:d00000002v00001AF4", "virtio:d00000003v1",
            "acpi:LNRO0005:", "usb:vXd1", "usb:vXd0", "cpu:type:x86:feature:,0094", "", "pci:"];
        var expected = Python(patterns, texts);
        var actual = string.Join('\n', patterns.SelectMany(p => texts.Select(t => GlobPattern.IsMatch(p, t) ? "1" : "0")));
        Assert.Equal(expected, actual);
    }

    private static string Python(string[] patterns, string[] texts)
    {
        var script = "import fnmatch, json, sys\nd = json.load(sys.stdin)\n" +
                     "print('\\n'.join('1' if fnmatch.fnmatchcase(t, p) else '0' for p in d['p'] for t in d['t']))";
        var input = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string[]> { ["p"] = patterns, ["t"] = texts });
        var (exit, output, error) = Tool.Run("python3", ["-c", script], input);
        Assert.True(exit == 0, error);
        return output.TrimEnd('\n');
    }
}
