namespace Aurae.Composer.Tests.Build;

/// <summary>The initramfs of the pxe build as `zstd -dc | cpio -itv` lists it: names, modes, devices, order.</summary>
[Collection(PxeBuildCollection.Name)]
public sealed class InitramfsListingTests(PxeBuildFixture build)
{
    private IReadOnlyList<CpioListingEntry> List()
    {
        build.RequireSuccess();
        return CpioListing.Of(build.OutputFile("initramfs.img"));
    }

    private static CpioListingEntry Entry(IReadOnlyList<CpioListingEntry> listing, string path) =>
        listing.SingleOrDefault(e => e.Path == path)
        ?? throw new Xunit.Sdk.XunitException($"'{path}' is not in the archive; it has:\n{string.Join('\n', listing.Select(e => e.Path))}");

    [Fact]
    public void Init_is_the_daemon_and_executable()
    {
        var init = Entry(List(), "init");

        Assert.Equal("-rwxr-xr-x", init.Mode);
        Assert.Equal(TestElf.Static().Length, init.Size);
    }

    [Fact]
    public void Dev_console_is_character_device_5_1()
    {
        var console = Entry(List(), "dev/console");

        Assert.Equal("crw-------", console.Mode);
        Assert.Equal(5, console.Major);
        Assert.Equal(1, console.Minor);
    }

    [Fact]
    public void Manifest_and_pki_files_are_there_and_only_the_key_is_private()
    {
        var listing = List();

        Assert.Equal("-rw-r--r--", Entry(listing, "etc/aurae/node.json").Mode);
        Assert.Equal("-rw-r--r--", Entry(listing, "etc/hostname").Mode);
        Assert.Equal("drwx------", Entry(listing, "etc/aurae/pki").Mode);
        Assert.Equal("-rw-r--r--", Entry(listing, "etc/aurae/pki/ca.crt").Mode);
        Assert.Equal("-rw-r--r--", Entry(listing, "etc/aurae/pki/node.crt").Mode);
        Assert.Equal("-rw-------", Entry(listing, "etc/aurae/pki/node.key").Mode);
    }

    [Fact]
    public void Mount_points_are_directories()
    {
        var listing = List();

        foreach (var directory in new[] { "dev", "proc", "sys", "run", "etc", "etc/aurae" })
            Assert.Equal("drwxr-xr-x", Entry(listing, directory).Mode);
        Assert.Equal("drwxrwxrwt", Entry(listing, "tmp").Mode);
    }

    [Fact]
    public void Carries_virtio_net_virtio_pci_and_their_dependencies_under_lib_modules()
    {
        var listing = List();
        var prefix = $"lib/modules/{build.KernelRelease}/";

        Assert.Equal("-rw-r--r--", Entry(listing, prefix + "kernel/drivers/net/virtio_net.ko").Mode);
        var modules = listing.Where(e => e.Path.EndsWith(".ko", StringComparison.Ordinal)).ToList();
        Assert.All(modules, m => Assert.StartsWith(prefix + "kernel/", m.Path));
        Assert.All(modules, m => Assert.True(m.Size > 0, $"{m.Path} is empty"));
        var names = modules.Select(m => Path.GetFileNameWithoutExtension(m.Path)).ToHashSet();
        Assert.Superset(new HashSet<string> { "virtio_net", "net_failover", "failover", "virtio", "virtio_ring", "virtio_pci" }, names);
        Assert.Equal(modules.Count, names.Count);
    }

    [Fact]
    public void Every_parent_directory_comes_before_its_children_and_no_path_repeats()
    {
        var listing = List();
        var seenDirectories = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var entry in listing)
        {
            Assert.True(seen.Add(entry.Path), $"'{entry.Path}' is in the archive twice");
            for (var slash = entry.Path.IndexOf('/'); slash >= 0; slash = entry.Path.IndexOf('/', slash + 1))
            {
                var parent = entry.Path[..slash];
                Assert.True(seenDirectories.Contains(parent), $"'{entry.Path}' comes before its parent directory '{parent}'");
            }
            if (entry.Mode[0] == 'd')
                seenDirectories.Add(entry.Path);
        }
    }

    [Fact]
    public void Holds_nothing_but_the_expected_kinds_of_entries()
    {
        var listing = List();

        // Only directories, regular files and the one console device; no absolute or dot paths.
        Assert.All(listing, e => Assert.Contains(e.Mode[0], "d-c"));
        Assert.Single(listing, e => e.Mode[0] == 'c');
        Assert.All(listing, e => Assert.False(e.Path.StartsWith('/') || e.Path.Split('/').Any(p => p is "." or ".." or ""), e.Path));
    }
}
