using System.Collections.Concurrent;
using Aurae.Testing.Kernels;

namespace Aurae.Images.Tests.TestSupport;

/// <summary>
/// A real Debian cloud kernel package from the <see cref="KernelShelf"/>, unpacked with dpkg-deb
/// once per test run. <see cref="Instance"/> is the current one (what the UKI tests build with);
/// <see cref="Named"/> finds each one a theory over <see cref="Releases"/> names.
/// A missing package fails the test, naming it; it never skips.
/// </summary>
internal sealed class KernelPackage
{
    private const string DpkgDeb = "/usr/bin/dpkg-deb";
    private const string Flavour = "cloud-amd64";

    private static readonly ConcurrentDictionary<string, Lazy<KernelPackage>> Unpacked = new(StringComparer.Ordinal);

    private KernelPackage(ShelvedKernel deb, string directory, byte[] vmlinuz)
    {
        Deb = deb;
        Directory = directory;
        Vmlinuz = vmlinuz;
    }

    /// <summary>The current cloud kernel package, shared by all tests.</summary>
    public static KernelPackage Instance => Of(KernelShelf.Default.Current(Flavour));

    /// <summary>Theory data: each cloud kernel release on the shelf (at least two).</summary>
    public static IEnumerable<object[]> Releases => KernelShelf.Releases(Flavour);

    /// <summary>The package a theory case over <see cref="Releases"/> names.</summary>
    public static KernelPackage Named(string label) => Of(KernelShelf.Default.Get(label));

    /// <summary>The package file and what its control fields say.</summary>
    public ShelvedKernel Deb { get; }

    /// <summary>Where the package is unpacked.</summary>
    public string Directory { get; }

    /// <summary>The kernel release its control file names (linux-image-RELEASE).</summary>
    public string Release => Deb.Release;

    /// <summary>The package's Debian version.</summary>
    public string DebianVersion => Deb.Version;

    /// <summary>The bytes of /boot/vmlinuz-RELEASE.</summary>
    public byte[] Vmlinuz { get; }

    /// <summary>Path of /boot/vmlinuz-RELEASE in the unpacked tree.</summary>
    public string VmlinuzPath => Path.Combine(Directory, "boot", $"vmlinuz-{Release}");

    private static KernelPackage Of(ShelvedKernel deb) =>
        Unpacked.GetOrAdd(deb.Path, _ => new Lazy<KernelPackage>(() => Extract(deb), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static KernelPackage Extract(ShelvedKernel deb)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("aurae-kernel-package-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(directory);
        ExternalTool.Run(DpkgDeb, ["-x", deb.Path, directory]);
        byte[] vmlinuz = File.ReadAllBytes(Path.Combine(directory, "boot", $"vmlinuz-{deb.Release}"));
        return new KernelPackage(deb, directory, vmlinuz);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; the OS cleans temp eventually.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort.
        }
    }
}
