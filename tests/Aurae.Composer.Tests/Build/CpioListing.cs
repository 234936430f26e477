using System.Text.RegularExpressions;

namespace Aurae.Composer.Tests.Build;

/// <summary>One line of `cpio -itv`: mode string as ls prints it, size or device numbers, path.</summary>
public sealed record CpioListingEntry(string Mode, long? Size, int? Major, int? Minor, string Path);

/// <summary>
/// An initramfs as GNU cpio sees it: decompressed by the zstd/gzip command (or not at all) and
/// listed with `cpio -itv`, so nothing of the composer's own cpio or compression code is involved.
/// </summary>
public static partial class CpioListing
{
    /// <summary>The shell command that writes the uncompressed archive of <paramref name="image"/> to stdout.</summary>
    public static string Decompress(string image, string compression) => compression switch
    {
        "zstd" => $"zstd -dc {Shell.Quote(image)}",
        "gzip" => $"gzip -dc {Shell.Quote(image)}",
        "none" => $"cat {Shell.Quote(image)}",
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };

    public static IReadOnlyList<CpioListingEntry> Of(string image, string compression = "zstd")
    {
        var result = Shell.Succeed($"{Decompress(image, compression)} | cpio -itv");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
    }

    /// <summary>
    /// Extracts the entries matching <paramref name="patterns"/> (cpio glob patterns; device nodes
    /// are simply not asked for) into <paramref name="directory"/>.
    /// </summary>
    public static void Extract(string image, string compression, string directory, params string[] patterns)
    {
        Directory.CreateDirectory(directory);
        Shell.Succeed(
            $"{Decompress(image, compression)} | cpio -idm --quiet --no-absolute-filenames {string.Join(' ', patterns.Select(Shell.Quote))}",
            directory);
    }

    private static CpioListingEntry Parse(string line)
    {
        var match = LinePattern().Match(line);
        Assert.True(match.Success, $"unexpected `cpio -itv` line: '{line}'");
        return new CpioListingEntry(
            match.Groups["mode"].Value,
            match.Groups["size"].Success ? long.Parse(match.Groups["size"].Value) : null,
            match.Groups["major"].Success ? int.Parse(match.Groups["major"].Value) : null,
            match.Groups["minor"].Success ? int.Parse(match.Groups["minor"].Value) : null,
            match.Groups["path"].Value);
    }

    // "-rwxr-xr-x   1 root     root          130 Jan  1  1970 init"
    // "crw-------   1 root     root       5,   1 Jan  1  1970 dev/console"
    [GeneratedRegex(@"^(?<mode>[-dclpsb][-rwxsStT]{9})\s+\d+\s+\S+\s+\S+\s+(?:(?<major>\d+),\s*(?<minor>\d+)|(?<size>\d+))\s+\w{3}\s+\d+\s+\S+\s(?<path>.+)$")]
    private static partial Regex LinePattern();
}
