using Aurae.Composer.Tests.Build;
using Aurae.Composer.Tests.Fixtures;
using Aurae.Testing.Kernels;

namespace Aurae.Composer.Tests.Kernel;

/// <summary>
/// The current real Debian cloud kernel package unpacked with dpkg-deb into the layout of an installed
/// system (vmlinuz-RELEASE, config-RELEASE, lib/modules/RELEASE/), some modules recompressed with
/// the real xz, zstd and gzip tools as distributions ship them, and tarballs of its modules made
/// with tar. Built once for every test in the <see cref="UnpackedKernelCollection"/>.
/// </summary>
public sealed class UnpackedKernel : IDisposable
{
    /// <summary>Module name → (path in the package, compression command, suffix).</summary>
    public static readonly IReadOnlyList<(string Name, string PlainPath, string Command, string Suffix)> Recompressed =
    [
        // Debian 13's kmod settings: xz with a CRC32 check and a 1 MiB dictionary, no BCJ filter.
        ("virtio_net", "kernel/drivers/net/virtio_net.ko", "xz --check=crc32 --lzma2=dict=1MiB", ".xz"),
        ("virtio_blk", "kernel/drivers/block/virtio_blk.ko", "xz --check=crc32 --lzma2=dict=1MiB", ".xz"),
        ("virtio_ring", "kernel/drivers/virtio/virtio_ring.ko", "zstd -q --rm", ".zst"),
        ("net_failover", "kernel/drivers/net/net_failover.ko", "gzip -n", ".gz"),
    ];

    public UnpackedKernel()
    {
        Package = new RealKernelPackage();
        // The release the package's control file names: Debian moves it, the test follows.
        Release = KernelShelf.Default.Current("cloud-amd64").Release;
        Root = System.IO.Directory.CreateTempSubdirectory("aurae-unpacked-kernel-").FullName;
        var unpacked = Path.Combine(Root, "unpacked");
        Shell.Succeed($"dpkg-deb -x {Shell.Quote(Package.Path)} {Shell.Quote(unpacked)}");

        Directory = Path.Combine(Root, "kernel");
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "lib", "modules"));
        File.Move(Path.Combine(unpacked, "boot", $"vmlinuz-{Release}"), Path.Combine(Directory, $"vmlinuz-{Release}"));
        File.Move(Path.Combine(unpacked, "boot", $"config-{Release}"), Path.Combine(Directory, $"config-{Release}"));
        System.IO.Directory.Move(Path.Combine(unpacked, "lib", "modules", Release), ModulesDirectory);
        foreach (var (_, plainPath, command, _) in Recompressed)
            Shell.Succeed($"{command} {Shell.Quote(plainPath)}", ModulesDirectory);
        // An installed kernel's build link points into kernel sources that are not there.
        File.CreateSymbolicLink(Path.Combine(ModulesDirectory, "build"), "/usr/src/linux-headers-" + Release);

        Vmlinuz = Path.Combine(Directory, $"vmlinuz-{Release}");
        Config = Path.Combine(Directory, $"config-{Release}");
        var quotedDirectory = Shell.Quote(Directory);
        TarZst = Path.Combine(Root, "modules.tar.zst");
        Shell.Succeed($"tar -C {quotedDirectory} -cf - lib/modules | zstd -q -T0 -o {Shell.Quote(TarZst)}");
        // "./usr/lib/modules/RELEASE/...", gzip (symbolic link targets left alone).
        TarGz = Path.Combine(Root, "modules.tar.gz");
        Shell.Succeed($"tar -C {quotedDirectory} --transform 's,^,./usr/,S' -czf {Shell.Quote(TarGz)} lib/modules");
        // "RELEASE/..." at the top, xz.
        TarXz = Path.Combine(Root, "modules.tar.xz");
        Shell.Succeed($"tar -C {Shell.Quote(Path.Combine(Directory, "lib", "modules"))} -cf - {Release} | xz -0 -T0 > {Shell.Quote(TarXz)}");
    }

    /// <summary>"6.1.0-57-cloud-amd64", whatever the package is today.</summary>
    public string Release { get; }

    /// <summary>The real package (read with FromDeb on first use).</summary>
    public RealKernelPackage Package { get; }

    public string Root { get; }

    /// <summary>vmlinuz-RELEASE, config-RELEASE, lib/modules/RELEASE/ with recompressed modules.</summary>
    public string Directory { get; }

    public string ModulesDirectory => Path.Combine(Directory, "lib", "modules", Release);

    public string Vmlinuz { get; }

    public string Config { get; }

    /// <summary>lib/modules/RELEASE/..., zstd.</summary>
    public string TarZst { get; }

    /// <summary>./usr/lib/modules/RELEASE/..., gzip.</summary>
    public string TarGz { get; }

    /// <summary>RELEASE/... at the top, xz.</summary>
    public string TarXz { get; }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }
}

/// <summary>Tests that share one <see cref="UnpackedKernel"/>.</summary>
[CollectionDefinition(Name)]
public sealed class UnpackedKernelCollection : ICollectionFixture<UnpackedKernel>
{
    public const string Name = "Unpacked real kernel";
}
