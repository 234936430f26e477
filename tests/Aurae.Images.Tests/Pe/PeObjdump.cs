using System.Globalization;
using System.Text.RegularExpressions;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Pe;

/// <summary>Runs binutils' objdump on a PE file and parses its section and header listings.</summary>
internal static partial class PeObjdump
{
    public const string Objdump = "/usr/bin/objdump";
    public const string Objcopy = "/usr/bin/objcopy";

    public sealed record Section(int Index, string Name, long Size, long Vma, long FileOffset, string Flags);

    /// <summary>`objdump -h`: every section with its size, VMA, file offset and flags.</summary>
    public static List<Section> Sections(string path)
    {
        string[] lines = ExternalTool.Run(Objdump, ["-h", path]).StandardOutputText.Split('\n');
        Assert.Contains(lines, line => line.Contains("file format pei-x86-64", StringComparison.Ordinal));
        var sections = new List<Section>();
        for (int i = 0; i < lines.Length; i++)
        {
            Match match = SectionLine().Match(lines[i]);
            if (match.Success)
            {
                sections.Add(new Section(
                    int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                    match.Groups[2].Value,
                    Hex(match.Groups[3].Value),
                    Hex(match.Groups[4].Value),
                    Hex(match.Groups[6].Value),
                    lines[i + 1].Trim()));
            }
        }

        return sections;
    }

    /// <summary>`objdump -p`: the header fields as name/value text (e.g. "SizeOfImage" → "00e2ec00").</summary>
    public static (Dictionary<string, string> Fields, string Text) PrivateHeaders(string path)
    {
        string text = ExternalTool.Run(Objdump, ["-p", path]).StandardOutputText;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in HeaderLine().Matches(text))
        {
            fields.TryAdd(match.Groups[1].Value, match.Groups[2].Value);
        }

        return (fields, text);
    }

    /// <summary>`objcopy -O binary --only-section=NAME`: the bytes BFD sees in one section.</summary>
    public static byte[] SectionBytes(string path, string name, TempDirectory temp)
    {
        string output = temp.Combine($"section{name}");
        ExternalTool.Run(Objcopy, ["-O", "binary", $"--only-section={name}", path, output]);
        return File.ReadAllBytes(output);
    }

    public static long Hex(string value) => long.Parse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(\d+)\s+(\S+)\s+([0-9a-f]{8})\s+([0-9a-f]{16})\s+([0-9a-f]{16})\s+([0-9a-f]{8})\s+2\*\*\d+\s*$")]
    private static partial Regex SectionLine();

    [GeneratedRegex(@"(?m)^(\w+)\t+([0-9a-f]+)\b")]
    private static partial Regex HeaderLine();
}
