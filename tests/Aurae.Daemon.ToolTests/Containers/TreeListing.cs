using Aurae.Testing;

namespace Aurae.Daemon.Tests.Containers;

/// <summary>
/// A directory tree as find(1) and sha256sum(1) see it, entry by entry, for comparing an
/// unpacked image with umoci's: type, permission bits (with setuid, setgid, sticky), owner,
/// content, link target, modification time (seconds; not of directories), and which paths are hard
/// links of each other.
/// </summary>
public static class TreeListing
{
    public sealed record Entry(string Path, string Type, string Mode, string Uid, string Gid, string Content, string Target, string Modified);

    public static IReadOnlyList<Entry> Of(string root)
    {
        // %P path, %y type, %m mode, %U %G owner, %s size, %l link target, %T@ mtime, %i inode, %n links
        var lines = Tool.Succeed("find", root, "-printf", @"%P\t%y\t%m\t%U\t%G\t%s\t%l\t%T@\t%i\t%n\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var hashes = Tool.Succeed("bash", "-c", $"cd '{root}' && find . -type f -print0 | xargs -0 -r sha256sum")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(line => line[68..], line => line[..64]); // "HASH  ./PATH"
        var fields = lines.Select(line => line.Split('\t')).ToList();
        // Hard links: the other paths with the same inode, as the content of a regular file's entry.
        var linked = fields.Where(f => f[1] == "f" && f[9] != "1").GroupBy(f => f[8])
            .SelectMany(g => g.Select(f => (f[0], string.Join(',', g.Select(o => o[0]).Order(StringComparer.Ordinal)))))
            .ToDictionary(p => p.Item1, p => p.Item2);
        return fields.Select(f => new Entry(
                f[0].Length == 0 ? "." : f[0],
                f[1],
                f[2],
                f[3],
                f[4],
                f[1] == "f" ? $"{f[5]} bytes {hashes[f[0]]}{(linked.TryGetValue(f[0], out var links) ? " links " + links : "")}" : "",
                f[6],
                // A directory a layer changes without an entry of its own (umoci writes none for
                // whiteouts' parents) takes the time of unpacking, in umoci's tree as in ours.
                f[1] == "d" ? "" : f[7][..f[7].IndexOf('.')]))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Fails with the entries that differ, each side shown.</summary>
    public static void AssertSame(string expectedRoot, string actualRoot)
    {
        var expected = Of(expectedRoot);
        var actual = Of(actualRoot);
        var missing = expected.ExceptBy(actual.Select(e => e.Path), e => e.Path).Select(e => $"missing: {e}");
        var extra = actual.ExceptBy(expected.Select(e => e.Path), e => e.Path).Select(e => $"extra: {e}");
        var different = expected.Join(actual, e => e.Path, a => a.Path, (e, a) => (e, a))
            .Where(pair => pair.e != pair.a)
            .Select(pair => $"differs:\n  umoci: {pair.e}\n  ours:  {pair.a}");
        var problems = missing.Concat(extra).Concat(different).ToList();
        Assert.True(problems.Count == 0, $"{problems.Count} entries differ from {expectedRoot}:\n{string.Join('\n', problems)}");
        Assert.True(expected.Count > 20, $"only {expected.Count} entries: the reference is not the image");
    }
}
