using System.Text;
using Aurae.Images.Pe;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Pe;

/// <summary>A UKI built from the real Debian stub and kernel with fixed sample contents.</summary>
internal static class UkiSample
{
    public const string OsRelease = "NAME=\"Aurae\"\nID=aurae\nVERSION_ID=\"0.1\"\nPRETTY_NAME=\"Aurae test\"\n";
    public const string CommandLine = "console=ttyS0 panic=-1 aurae.marker=uki-test";

    /// <summary>An initrd-sized blob of odd length so padding is exercised.</summary>
    public static readonly byte[] Initrd = Enumerable.Range(0, 300_001).Select(i => (byte)((i * 31) ^ (i >> 7))).ToArray();

    public static UkiContents Contents() =>
        new(OsRelease, CommandLine, KernelPackage.Instance.Release, Initrd, KernelPackage.Instance.Vmlinuz);

    public static byte[] Build(UkiContents? contents = null, byte[]? stub = null)
    {
        using var output = new MemoryStream();
        UnifiedKernelImage.Write(output, stub ?? PeStub.Read(), contents ?? Contents());
        return output.ToArray();
    }

    /// <summary>The appended sections' expected bytes, by name.</summary>
    public static Dictionary<string, byte[]> ExpectedSections() => new()
    {
        [".osrel"] = Encoding.UTF8.GetBytes(OsRelease),
        [".cmdline"] = Encoding.UTF8.GetBytes(CommandLine),
        [".uname"] = Encoding.UTF8.GetBytes(KernelPackage.Instance.Release),
        [".initrd"] = Initrd,
        [".linux"] = KernelPackage.Instance.Vmlinuz,
    };
}
