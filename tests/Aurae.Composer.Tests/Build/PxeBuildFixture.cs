using Aurae.Composer.Tests.CommandLine;

namespace Aurae.Composer.Tests.Build;

/// <summary>
/// One pxe build of the real kernel (modules virtio_pci and virtio_net, zstd), made once through
/// `aurae-compose build` for every test in <see cref="PxeBuildCollection"/>, plus the kernel
/// image taken out of the package with dpkg-deb and tar to compare against.
/// </summary>
public sealed class PxeBuildFixture : IDisposable
{
    public PxeBuildFixture()
    {
        Workspace = new BuildWorkspace();
        NodeYaml = Workspace.WriteNodeYaml();
        OutputDirectory = Workspace.OutputDirectory("pxe");
        Build = ComposeCli.Run("build", NodeYaml, "--output", OutputDirectory, "--daemon", Workspace.Daemon);

        var unpacked = Path.Combine(Workspace.Root, "deb");
        Directory.CreateDirectory(unpacked);
        Shell.Succeed($"dpkg-deb --fsys-tarfile {Shell.Quote(Workspace.KernelDeb)} | tar -x -C {Shell.Quote(unpacked)} --wildcards './boot/vmlinuz-*'");
        PackageVmlinuz = Assert.Single(Directory.GetFiles(Path.Combine(unpacked, "boot"), "vmlinuz-*"));
        KernelRelease = Path.GetFileName(PackageVmlinuz)["vmlinuz-".Length..];
        _extracted = new Lazy<string>(() =>
        {
            RequireSuccess();
            var root = Path.Combine(Workspace.Root, "extracted");
            CpioListing.Extract(OutputFile("initramfs.img"), "zstd", root, "init", "etc/*", "lib/*");
            return root;
        });
    }

    private readonly Lazy<string> _extracted;

    /// <summary>init, etc/ and lib/ of the initramfs, unpacked by GNU cpio (once).</summary>
    public string Extracted => _extracted.Value;

    public BuildWorkspace Workspace { get; }

    public string NodeYaml { get; }

    public string OutputDirectory { get; }

    /// <summary>The `aurae-compose build` run; tests assert it succeeded.</summary>
    public CliResult Build { get; }

    /// <summary>boot/vmlinuz-RELEASE as dpkg-deb unpacks it from the package.</summary>
    public string PackageVmlinuz { get; }

    /// <summary>The kernel release, from the package's vmlinuz file name.</summary>
    public string KernelRelease { get; }

    public string OutputFile(string name) => Path.Combine(OutputDirectory, name);

    /// <summary>Fails the test with the build's output unless it succeeded.</summary>
    public void RequireSuccess() => Assert.True(Build.ExitCode == 0, Build.ToString());

    public void Dispose() => Workspace.Dispose();
}

[CollectionDefinition(Name)]
public sealed class PxeBuildCollection : ICollectionFixture<PxeBuildFixture>
{
    public const string Name = "Pxe build of the real kernel";
}
