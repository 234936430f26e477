using Aurae.Images.Deb;

namespace Aurae.Composer.Sbom;

/// <summary>
/// Which installed Debian package a file of this machine came from, read from dpkg's own database
/// as `dpkg -S` and `dpkg-query` would: /var/lib/dpkg/status for the installed version, and
/// info/PACKAGE[:ARCH].list for the files a package installed.
/// </summary>
public sealed class DpkgDatabase(string root = "/var/lib/dpkg")
{
    private readonly Lazy<IReadOnlyDictionary<string, (string Version, string Architecture)>> installed = new(() => ReadStatus(root));

    /// <summary>The package, version and architecture <paramref name="package"/> is installed as, if it installed <paramref name="path"/>.</summary>
    public (string Package, string Version, string Architecture)? Owner(string package, string path)
    {
        if (!installed.Value.TryGetValue(package, out var found))
            return null;
        foreach (var list in new[] { $"{package}:{found.Architecture}.list", $"{package}.list" })
        {
            var file = Path.Combine(root, "info", list);
            if (File.Exists(file) && File.ReadLines(file).Contains(path, StringComparer.Ordinal))
                return (package, found.Version, found.Architecture);
        }
        return null;
    }

    private static IReadOnlyDictionary<string, (string, string)> ReadStatus(string root)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var status = Path.Combine(root, "status");
        if (!File.Exists(status))
            return result;
        using var reader = new StreamReader(status);
        foreach (var paragraph in Deb822.Paragraphs(reader))
        {
            if (paragraph.TryGetValue("Package", out var name) && paragraph.TryGetValue("Version", out var version)
                && paragraph.TryGetValue("Status", out var state) && state.EndsWith(" installed", StringComparison.Ordinal))
                result[name] = (version, paragraph.GetValueOrDefault("Architecture") ?? "all");
        }
        return result;
    }
}
