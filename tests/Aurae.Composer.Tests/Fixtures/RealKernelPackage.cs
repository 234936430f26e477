using System.Collections.Concurrent;
using System.Diagnostics;
using Aurae.Composer.Kernel;
using Aurae.Testing.Kernels;

namespace Aurae.Composer.Tests.Fixtures;

/// <summary>
/// A real Debian kernel package from the <see cref="KernelShelf"/>, read with
/// <see cref="KernelPackage.FromDeb"/> once per test run, whichever test asks first.
/// </summary>
public sealed class RealKernel
{
    private static readonly ConcurrentDictionary<string, Lazy<RealKernel>> Read = new(StringComparer.Ordinal);

    private RealKernel(ShelvedKernel deb)
    {
        Deb = deb;
        var stopwatch = Stopwatch.StartNew();
        Package = KernelPackage.FromDeb(deb.Path);
        LoadTime = stopwatch.Elapsed;
    }

    /// <summary>The package file and what its control fields say.</summary>
    public ShelvedKernel Deb { get; }

    public string Path => Deb.Path;

    /// <summary>The package, read with <see cref="KernelPackage.FromDeb"/>.</summary>
    public KernelPackage Package { get; }

    /// <summary>How long <see cref="KernelPackage.FromDeb"/> took.</summary>
    public TimeSpan LoadTime { get; }

    public static RealKernel Of(ShelvedKernel deb) =>
        Read.GetOrAdd(deb.Path, _ => new Lazy<RealKernel>(() => new RealKernel(deb))).Value;

    /// <summary>The package a theory case over <see cref="KernelReleases"/> names.</summary>
    public static RealKernel Release(string label) => Of(KernelShelf.Default.Get(label));
}

/// <summary>
/// Theory data for the tests that read real kernel packages: one case per release on the shelf
/// (at least two), named by release and version.
/// </summary>
public static class KernelReleases
{
    public static IEnumerable<object[]> Cloud => KernelShelf.Releases("cloud-amd64");

    public static IEnumerable<object[]> Generic => KernelShelf.Releases("amd64");
}

/// <summary>The current package of one flavour: what builds and boots use (see <see cref="KernelShelf.Current"/>).</summary>
public abstract class CurrentKernelPackage(string flavour)
{
    private readonly Lazy<RealKernel> _kernel = new(() => RealKernel.Of(KernelShelf.Default.Current(flavour)));

    /// <summary>The package file.</summary>
    public string Path => KernelShelf.Default.Current(flavour).Path;

    /// <summary>The package, read with <see cref="KernelPackage.FromDeb"/>.</summary>
    public KernelPackage Package => _kernel.Value.Package;
}

/// <summary>Debian's cloud kernel package today (.cache/kernels/linux-image-cloud-amd64.deb): what the examples use.</summary>
public sealed class RealKernelPackage() : CurrentKernelPackage("cloud-amd64");

/// <summary>Debian's generic kernel package today (.cache/kernels/linux-image-amd64.deb): every driver, 4000 modules.</summary>
public sealed class GenericKernelPackage() : CurrentKernelPackage("amd64");

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
