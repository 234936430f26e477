using System.Text.RegularExpressions;

namespace Aurae.Testing.Kernels;

/// <summary>
/// One Debian kernel package (linux-image-RELEASE), as its control file names it: a release
/// (<c>uname -r</c>: ABI then flavour, "6.1.0-50-cloud-amd64") and a Debian version ("6.1.176-1").
/// </summary>
public sealed partial record ShelvedKernel
{
    private const string PackagePrefix = "linux-image-";

    private ShelvedKernel(string path, string release, string abi, string flavour, string version)
    {
        Path = path;
        Release = release;
        Abi = abi;
        Flavour = flavour;
        Version = version;
    }

    /// <summary>The .deb file.</summary>
    public string Path { get; }

    /// <summary>"6.1.0-50-cloud-amd64".</summary>
    public string Release { get; }

    /// <summary>"6.1.0-50" (Debian bumps it when modules stop being interchangeable).</summary>
    public string Abi { get; }

    /// <summary>"cloud-amd64", "amd64".</summary>
    public string Flavour { get; }

    /// <summary>The package's Debian version, "6.1.176-1".</summary>
    public string Version { get; }

    /// <summary>What a test case is called by: "6.1.0-50-cloud-amd64 (6.1.176-1)".</summary>
    public string Label => $"{Release} ({Version})";

    public override string ToString() => Label;

    /// <summary>
    /// The kernel package a .deb's control fields <paramref name="package"/> and
    /// <paramref name="version"/> describe; null when it is another package (a headers package,
    /// the linux-image-FLAVOUR metapackage, something else entirely).
    /// </summary>
    public static ShelvedKernel? FromControl(string path, string package, string version)
    {
        if (!package.StartsWith(PackagePrefix, StringComparison.Ordinal))
            return null;
        var release = package[PackagePrefix.Length..];
        var match = ReleasePattern().Match(release);
        return match.Success
            ? new ShelvedKernel(path, release, match.Groups["abi"].Value, match.Groups["flavour"].Value, version)
            : null;
    }

    // Debian's ABI: "6.1.0-50" (bookworm's 6.1) or "6.12.38+deb13" (later series); then the flavour.
    [GeneratedRegex(@"^(?<abi>\d+\.\d+\.\d+(?:-\d+|\+deb\d+))-(?<flavour>[a-z0-9][a-z0-9-]*)$")]
    private static partial Regex ReleasePattern();
}
