namespace Aurae.Images.Tests.TestSupport;

/// <summary>
/// The real Debian cloud kernel package (.cache/kernels/linux-image-cloud-amd64.deb, fetched by the CI
/// script), unpacked once per test run with dpkg-deb. A missing package fails the test, never skips it.
/// </summary>
internal sealed class KernelPackage
{
    public const string DebRelativePath = ".cache/kernels/linux-image-cloud-amd64.deb";
    private const string DpkgDeb = "/usr/bin/dpkg-deb";
    private const string PackagePrefix = "linux-image-";

    private static readonly Lazy<KernelPackage> Shared = new(Extract, LazyThreadSafetyMode.ExecutionAndPublication);

    private KernelPackage(string directory, string release, string debianVersion, byte[] vmlinuz)
    {
        Directory = directory;
        Release = release;
        DebianVersion = debianVersion;
        Vmlinuz = vmlinuz;
    }

    /// <summary>The unpacked package, shared by all tests.</summary>
    public static KernelPackage Instance => Shared.Value;

    /// <summary>Where the package is unpacked.</summary>
    public string Directory { get; }

    /// <summary>The kernel release from the package name, e.g. "6.1.0-56-cloud-amd64".</summary>
    public string Release { get; }

    /// <summary>The package's Debian version, e.g. "6.1.192-2".</summary>
    public string DebianVersion { get; }

    /// <summary>The bytes of /boot/vmlinuz-RELEASE.</summary>
    public byte[] Vmlinuz { get; }

    /// <summary>Path of /boot/vmlinuz-RELEASE in the unpacked tree.</summary>
    public string VmlinuzPath => Path.Combine(Directory, "boot", $"vmlinuz-{Release}");

    private static KernelPackage Extract()
    {
        string deb = Path.Combine(RepositoryRoot(), DebRelativePath);
        if (!File.Exists(deb))
        {
            Assert.Fail($"The kernel package '{deb}' is missing; the CI script fetches it (these tests need the real kernel).");
        }

        string package = ExternalTool.Run(DpkgDeb, ["-f", deb, "Package"]).StandardOutputText.Trim();
        string version = ExternalTool.Run(DpkgDeb, ["-f", deb, "Version"]).StandardOutputText.Trim();
        Assert.StartsWith(PackagePrefix, package);
        string directory = System.IO.Directory.CreateTempSubdirectory("aurae-kernel-package-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(directory);
        ExternalTool.Run(DpkgDeb, ["-x", deb, directory]);
        string release = package[PackagePrefix.Length..];
        byte[] vmlinuz = File.ReadAllBytes(Path.Combine(directory, "boot", $"vmlinuz-{release}"));
        return new KernelPackage(directory, release, version, vmlinuz);
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aurae.sln")))
            {
                return directory.FullName;
            }
        }

        Assert.Fail($"Cannot find the repository root (Aurae.sln) above {AppContext.BaseDirectory}.");
        return string.Empty;
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
