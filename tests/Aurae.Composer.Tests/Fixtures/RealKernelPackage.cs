using System.Diagnostics;
using Aurae.Composer.Kernel;

namespace Aurae.Composer.Tests.Fixtures;

/// <summary>
/// A real Debian kernel package of one flavour, located and read once per fixture. Tests that need
/// it fail (never skip) when it is missing, with instructions to get it (scripts/fetch-kernel).
/// </summary>
public abstract class DebianKernelPackage
{
    private readonly Lazy<string> _path;
    private readonly Lazy<(KernelPackage Package, TimeSpan Elapsed)> _package;

    /// <param name="flavour">The metapackage suffix: "cloud-amd64" or "amd64".</param>
    /// <param name="environmentVariable">Overrides the cached path.</param>
    protected DebianKernelPackage(string flavour, string environmentVariable)
    {
        Flavour = flavour;
        _path = new Lazy<string>(() => Locate(flavour, environmentVariable));
        _package = new Lazy<(KernelPackage, TimeSpan)>(() =>
        {
            var stopwatch = Stopwatch.StartNew();
            var package = KernelPackage.FromDeb(Path);
            return (package, stopwatch.Elapsed);
        });
    }

    /// <summary>"cloud-amd64" or "amd64".</summary>
    public string Flavour { get; }

    /// <summary>The package file.</summary>
    public string Path => _path.Value;

    /// <summary>The package, read with <see cref="KernelPackage.FromDeb"/>.</summary>
    public KernelPackage Package => _package.Value.Package;

    /// <summary>How long <see cref="KernelPackage.FromDeb"/> took.</summary>
    public TimeSpan LoadTime => _package.Value.Elapsed;

    private static string Locate(string flavour, string environmentVariable)
    {
        var configured = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException(
                    $"{environmentVariable} is set to '{configured}', which does not exist.", configured);
        }

        var relative = $".cache/kernels/linux-image-{flavour}.deb";
        var root = RepositoryRoot();
        var cached = root is null ? null : System.IO.Path.Combine(root, relative);
        if (cached is not null && File.Exists(cached))
            return cached;

        throw new FileNotFoundException(
            $"These tests need Debian's linux-image-{flavour} kernel package and found none. Run scripts/fetch-kernel {flavour} " +
            $"(it puts the versioned package at {cached ?? "<repository>/" + relative}), or set {environmentVariable} to the path " +
            $"of a linux-image-<release>-{flavour} .deb (the versioned one: the linux-image-{flavour} metapackage holds no kernel).");
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

/// <summary>Debian's cloud kernel package (.cache/kernels/linux-image-cloud-amd64.deb): what the examples use.</summary>
public sealed class RealKernelPackage() : DebianKernelPackage("cloud-amd64", EnvironmentVariable)
{
    public const string EnvironmentVariable = "AURAE_TEST_KERNEL_DEB";
}

/// <summary>Debian's generic kernel package (.cache/kernels/linux-image-amd64.deb): every driver, 4000 modules.</summary>
public sealed class GenericKernelPackage() : DebianKernelPackage("amd64", EnvironmentVariable)
{
    public const string EnvironmentVariable = "AURAE_TEST_GENERIC_KERNEL_DEB";
}

/// <summary>Tests that share one <see cref="RealKernelPackage"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RealKernelPackageCollection : ICollectionFixture<RealKernelPackage>
{
    public const string Name = "Real kernel package";
}

/// <summary>Tests that share one <see cref="GenericKernelPackage"/>.</summary>
[CollectionDefinition(Name)]
public sealed class GenericKernelPackageCollection : ICollectionFixture<GenericKernelPackage>
{
    public const string Name = "Generic kernel package";
}
