using System.Globalization;
using System.Text.RegularExpressions;

namespace Aurae.Images.Tests.TestSupport;

/// <summary>Runs xorriso's and isoinfo's reports on an image and picks fields out of their text.</summary>
internal static partial class IsoToolReports
{
    internal const string Xorriso = "/usr/bin/xorriso";
    internal const string Isoinfo = "/usr/bin/isoinfo";

    /// <summary>`xorriso -indev IMAGE -report_el_torito plain -report_system_area plain`, stdout and stderr.</summary>
    public static string XorrisoReport(string image)
    {
        ExternalTool.Result result = ExternalTool.Run(Xorriso,
            ["-abort_on", "FAILURE", "-indev", image, "-report_el_torito", "plain", "-report_system_area", "plain"]);
        return result.StandardOutputText + result.StandardError;
    }

    /// <summary>The fields after "NAME :" on every report line that starts with <paramref name="name"/>.</summary>
    public static List<string[]> Lines(string report, string name) =>
        report.Split('\n')
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && line.Contains(':', StringComparison.Ordinal)
                && line[..line.IndexOf(':', StringComparison.Ordinal)].Trim() == name)
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();

    /// <summary>The single line starting with <paramref name="name"/> whose first field is <paramref name="key"/>.</summary>
    public static string[] Line(string report, string name, string key)
    {
        List<string[]> matches = Lines(report, name).Where(fields => fields.Length > 0 && fields[0] == key).ToList();
        Assert.True(matches.Count == 1, $"Expected one '{name} : {key} ...' line in:\n{report}");
        return matches[0];
    }

    /// <summary>First sector and length of a file's data, from `xorriso -find PATH -exec report_lba`.</summary>
    public static (long Lba, long Length) FileExtent(string image, string isoPath)
    {
        ExternalTool.Result result = ExternalTool.Run(Xorriso, ["-indev", image, "-find", isoPath, "-exec", "report_lba", "--"]);
        Match match = ReportLbaLine().Match(result.StandardOutputText + result.StandardError);
        Assert.True(match.Success, $"No report_lba line for {isoPath}:\n{result.StandardOutputText}{result.StandardError}");
        return (long.Parse(match.Groups["lba"].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups["size"].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The GUID bytes xorriso prints as 32 hex digits, in on-disk (mixed-endian) order.</summary>
    public static string GuidHex(Guid guid) => Convert.ToHexStringLower(guid.ToByteArray());

    [GeneratedRegex(@"File data lba:\s*\d+\s*,\s*(?<lba>\d+)\s*,\s*\d+\s*,\s*(?<size>\d+)\s*,")]
    private static partial Regex ReportLbaLine();
}
