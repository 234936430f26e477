using System.Diagnostics;
using Aurae.Composer.Kernel;

namespace Aurae.Composer.Tests.Fixtures;

/// <summary>
/// A real Debian cloud kernel package, located and read once for every test in the
/// <see cref="RealKernelPackageCollection"/>. Tests that need it fail (never skip) when it is
/// missing, with instructions to get it.
/// </summary>
public sealed class RealKernelPackage
{
    public const string EnvironmentVariable = "AURAE_TEST_KERNEL_DEB";

    /// <summary>Where the package is expected, relative to the repository root.</summary>
    public const string CachedPackage = ".cache/kernels/linux-image-cloud-amd64.deb";

    private readonly Lazy<string> _path = new(Locate);
    private readonly Lazy<(KernelPackage Package, TimeSpan Elapsed)> _package;

    public RealKernelPackage()
    {
        _package = new Lazy<(KernelPackage, TimeSpan)>(() =>
        {
            var stopwatch = Stopwatch.StartNew();
            var package = KernelPackage.FromDeb(Path);
            return (package, stopwatch.Elapsed);
        });
    }

    /// <summary>The package file.</summary>
    public string Path => _path.Value;

    /// <summary>The package, read with <see cref="KernelPackage.FromDeb"/>.</summary>
    public KernelPackage Package => _package.Value.Package;

    /// <summary>How long <see cref="KernelPackage.FromDeb"/> took.</summary>
    public TimeSpan LoadTime => _package.Value.Elapsed;

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException(
                    $"{EnvironmentVariable} is set to '{configured}', which does not exist.", configured);
        }

        var root = RepositoryRoot();
        var cached = root is null ? null : System.IO.Path.Combine(root, CachedPackage);
        if (cached is not null && File.Exists(cached))
            return cached;

        throw new FileNotFoundException(
            $"These tests need a real Debian cloud kernel package and found none. Either set {EnvironmentVariable} " +
            $"to the path of a linux-image-<release>-cloud-amd64 .deb, or put one at {cached ?? "<repository>/" + CachedPackage}, " +
            "e.g. on Debian 12: mkdir -p .cache/kernels && cd .cache/kernels && " +
            "apt-get download $(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2}') && " +
            "mv linux-image-*-cloud-amd64_*.deb linux-image-cloud-amd64.deb " +
            "(the package must be the versioned one: the linux-image-cloud-amd64 metapackage holds no kernel).");
    }

    private static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Aurae.sln")))
                return directory.FullName;
        }
        return null;
    }
}

/// <summary>Tests that share one <see cref="RealKernelPackage"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RealKernelPackageCollection : ICollectionFixture<RealKernelPackage>
{
    public const string Name = "Real kernel package";
}
