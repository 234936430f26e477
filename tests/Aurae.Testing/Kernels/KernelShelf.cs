using System.Diagnostics;

namespace Aurae.Testing.Kernels;

/// <summary>
/// The Debian kernel packages the tests read: every linux-image-RELEASE .deb in one directory
/// (<c>.cache/kernels/</c>, where scripts/fetch-kernel puts them, or <see cref="DirectoryVariable"/>).
/// Tests that read a real package are theories over <see cref="Releases"/>, so they run against
/// each release there and say which in their names; builds and boots use <see cref="Current"/>.
/// Nothing here names a release: Debian moves them, and the tests follow what they are given.
/// A missing input fails the test that needs it, naming it; nothing is skipped.
/// </summary>
public sealed class KernelShelf
{
    public const string DirectoryVariable = "AURAE_TEST_KERNELS";

    /// <summary>How many releases of a flavour the kernel-reading tests need, so that one that holds
    /// only for today's release cannot pass unnoticed.</summary>
    public const int RequiredReleases = 2;

    private static readonly Lazy<KernelShelf> Shared = new(() =>
        new KernelShelf(Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot.Path, ".cache", "kernels")));

    private readonly Lazy<IReadOnlyList<ShelvedKernel>> _kernels;

    public KernelShelf(string directory)
    {
        Directory = directory;
        _kernels = new Lazy<IReadOnlyList<ShelvedKernel>>(Scan);
    }

    /// <summary>The shelf of this checkout (or of <see cref="DirectoryVariable"/>).</summary>
    public static KernelShelf Default => Shared.Value;

    public string Directory { get; }

    /// <summary>Every kernel package on the shelf, by release.</summary>
    public IReadOnlyList<ShelvedKernel> Kernels => _kernels.Value;

    /// <summary>
    /// The kernel packages of <paramref name="flavour"/> ("cloud-amd64", "amd64"): at least
    /// <see cref="RequiredReleases"/> releases, or an exception saying what is missing and how to get it.
    /// </summary>
    public IReadOnlyList<ShelvedKernel> Of(string flavour)
    {
        var kernels = Kernels.Where(k => k.Flavour == flavour).ToList();
        var releases = kernels.Select(k => k.Release).Distinct().Count();
        if (releases < RequiredReleases)
        {
            var found = kernels.Count == 0 ? "none" : string.Join(", ", kernels.Select(k => $"{Path.GetFileName(k.Path)} ({k.Release})"));
            throw new InvalidOperationException(
                $"The kernel-reading tests need {RequiredReleases} releases of Debian's linux-image-{flavour} in {Directory}, " +
                $"and found {releases}: {found}. Run scripts/fetch-kernel --served {flavour} (every release apt serves), or " +
                $"scripts/fetch-kernel {flavour}=VERSION, or put another linux-image-RELEASE-{flavour} .deb there " +
                $"(or set {DirectoryVariable} to a directory that holds them).");
        }
        return kernels;
    }

    /// <summary>Theory data: the <see cref="ShelvedKernel.Label"/> of each package of <paramref name="flavour"/>.</summary>
    public static IEnumerable<object[]> Releases(string flavour) =>
        Default.Of(flavour).Select(k => new object[] { k.Label });

    /// <summary>The package a theory case names by its <see cref="ShelvedKernel.Label"/>.</summary>
    public ShelvedKernel Get(string label) =>
        Kernels.SingleOrDefault(k => k.Label == label)
        ?? throw new InvalidOperationException($"no kernel package '{label}' in {Directory} (it holds: {string.Join(", ", Kernels)})");

    /// <summary>
    /// The package builds and boots use: <c>linux-image-FLAVOUR.deb</c>, which scripts/fetch-kernel
    /// links to the release apt installs today (what examples/ use as well).
    /// </summary>
    public ShelvedKernel Current(string flavour)
    {
        var link = Path.Combine(Directory, $"linux-image-{flavour}.deb");
        if (!File.Exists(link))
        {
            throw new FileNotFoundException(
                $"These tests need Debian's current linux-image-{flavour} kernel package at {link} and found none. " +
                $"Run scripts/fetch-kernel {flavour} (it downloads the release apt serves today and links it there), or " +
                $"set {DirectoryVariable} to a directory holding linux-image-{flavour}.deb.", link);
        }
        return Read(Resolve(link)) is { } kernel && kernel.Flavour == flavour
            ? kernel
            : throw new InvalidDataException($"{link} is not a linux-image-RELEASE-{flavour} kernel package");
    }

    private IReadOnlyList<ShelvedKernel> Scan()
    {
        if (!System.IO.Directory.Exists(Directory))
            return [];
        // A link (linux-image-FLAVOUR.deb) names a package that is on the shelf under its own name too.
        return System.IO.Directory.EnumerateFiles(Directory, "*.deb")
            .Select(Resolve)
            .Distinct(StringComparer.Ordinal)
            .Select(Read)
            .OfType<ShelvedKernel>()
            .OrderBy(k => k.Flavour, StringComparer.Ordinal)
            .ThenBy(k => k.Release, StringComparer.Ordinal)
            .ThenBy(k => k.Version, StringComparer.Ordinal)
            .ToList();
    }

    private static string Resolve(string path) =>
        Path.GetFullPath(new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path);

    /// <summary>The package's control fields, as dpkg-deb reads them; a .deb it cannot read is an error naming it.</summary>
    private static ShelvedKernel? Read(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("dpkg-deb", ["--field", path, "Package", "Version"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("dpkg-deb did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidDataException($"{path}: dpkg-deb cannot read it ({error.Result.Trim()}); delete it and fetch it again");
        var fields = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": ", 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1].Trim());
        return fields.TryGetValue("Package", out var package) && fields.TryGetValue("Version", out var version)
            ? ShelvedKernel.FromControl(path, package, version)
            : null;
    }
}
