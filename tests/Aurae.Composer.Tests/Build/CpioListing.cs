using System.Text.RegularExpressions;

namespace Aurae.Composer.Tests.Build;

/// <summary>One line of `cpio -itv`: mode string as ls prints it, size or device numbers, path.</summary>
public sealed record CpioListingEntry(string Mode, long? Size, int? Major, int? Minor, string Path);

/// <summary>
/// An initramfs as GNU cpio sees it: decompressed by the zstd/gzip command (or not at all) and
/// listed with `cpio -itv`, so nothing of the composer's own cpio or compression code is involved.
/// The initramfs is several archives one after the other (as the kernel reads it); GNU cpio stops
/// at the first trailer, so the decompressed stream is cut at each trailer and cpio reads each part.
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
        var entries = new List<CpioListingEntry>();
        ForEachArchive(image, compression, archive =>
        {
            var result = Shell.Succeed($"cpio -itv < {Shell.Quote(archive)}");
            entries.AddRange(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse));
        });
        return entries;
    }

    /// <summary>
    /// Extracts the entries matching <paramref name="patterns"/> (cpio glob patterns; device nodes
    /// are simply not asked for) into <paramref name="directory"/>.
    /// </summary>
    public static void Extract(string image, string compression, string directory, params string[] patterns)
    {
        Directory.CreateDirectory(directory);
        ForEachArchive(image, compression, archive => Shell.Succeed(
            $"cpio -idm --quiet --no-absolute-filenames {string.Join(' ', patterns.Select(Shell.Quote))} < {Shell.Quote(archive)}",
            directory));
    }

    /// <summary>How many cpio archives the decompressed image holds, one after the other.</summary>
    public static int ArchiveCount(string image, string compression = "zstd")
    {
        var count = 0;
        ForEachArchive(image, compression, _ => count++);
        return count;
    }

    /// <summary>Cuts the decompressed image into its archives and gives each, as a temporary file, to <paramref name="use"/>.</summary>
    private static void ForEachArchive(string image, string compression, Action<string> use)
    {
        var directory = Directory.CreateTempSubdirectory("aurae-cpio-listing-").FullName;
        try
        {
            var whole = Path.Combine(directory, "whole.cpio");
            Shell.Succeed($"{Decompress(image, compression)} > {Shell.Quote(whole)}");
            var bytes = File.ReadAllBytes(whole);
            var start = 0;
            for (var index = 0; start < bytes.Length; index++)
            {
                var end = EndOfArchive(bytes, start);
                var part = Path.Combine(directory, $"part{index}.cpio");
                File.WriteAllBytes(part, bytes[start..end]);
                use(part);
                start = end;
                while (start < bytes.Length && bytes[start] == 0)
                    start++; // padding between archives
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The offset just past the trailer entry of the newc archive at <paramref name="start"/>.</summary>
    private static int EndOfArchive(byte[] bytes, int start)
    {
        // newc header: "070701", then 13 eight-digit hex fields; c_filesize is the 7th field, c_namesize the 12th.
        const int headerLength = 110, fileSizeOffset = 54, nameSizeOffset = 94;
        var offset = start;
        while (true)
        {
            Assert.True(offset + headerLength <= bytes.Length && System.Text.Encoding.ASCII.GetString(bytes, offset, 6) == "070701",
                $"no newc header at offset {offset}");
            var fileSize = Convert.ToInt32(System.Text.Encoding.ASCII.GetString(bytes, offset + fileSizeOffset, 8), 16);
            var nameSize = Convert.ToInt32(System.Text.Encoding.ASCII.GetString(bytes, offset + nameSizeOffset, 8), 16);
            var name = System.Text.Encoding.ASCII.GetString(bytes, offset + headerLength, nameSize - 1);
            offset = Align4(Align4(offset + headerLength + nameSize) + fileSize);
            if (name == "TRAILER!!!")
                return Math.Min(offset, bytes.Length);
        }
    }

    private static int Align4(int value) => (value + 3) & ~3;

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
