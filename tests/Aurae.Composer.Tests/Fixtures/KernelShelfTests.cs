using Aurae.Composer.Tests.Build;
using Aurae.Testing.Kernels;

namespace Aurae.Composer.Tests.Fixtures;

/// <summary>
/// How the tests find the kernel packages they read, on shelves of small packages dpkg-deb builds
/// (invented releases: what is on a shelf is read from the packages, never assumed).
/// </summary>
public sealed class KernelShelfTests : IDisposable
{
    private readonly TempDirectory _shelf = new();

    public void Dispose() => _shelf.Dispose();

    /// <summary>A .deb named as apt-get download names it, whose control file says <paramref name="package"/> and <paramref name="version"/>.</summary>
    private string Deb(string package, string version)
    {
        var tree = System.IO.Path.Combine(_shelf.Path, ".tree-" + package);
        Directory.CreateDirectory(System.IO.Path.Combine(tree, "DEBIAN"));
        File.WriteAllText(System.IO.Path.Combine(tree, "DEBIAN", "control"),
            $"Package: {package}\nVersion: {version}\nArchitecture: amd64\nMaintainer: test <test@example.org>\nDescription: test\n");
        var deb = System.IO.Path.Combine(_shelf.Path, $"{package}_{version}_amd64.deb");
        Shell.Succeed($"dpkg-deb --root-owner-group --build {Shell.Quote(tree)} {Shell.Quote(deb)} >/dev/null");
        Directory.Delete(tree, recursive: true);
        return deb;
    }

    private void Link(string name, string target) =>
        File.CreateSymbolicLink(System.IO.Path.Combine(_shelf.Path, name), System.IO.Path.GetFileName(target));

    [Fact]
    public void Each_kernel_package_is_known_by_what_its_control_file_says()
    {
        var older = Deb("linux-image-9.1.4+deb91-cloud-amd64", "9.1.4-1");
        var newer = Deb("linux-image-9.1.9+deb91-cloud-amd64", "9.1.9-2");
        var generic = Deb("linux-image-9.1.9+deb91-amd64", "9.1.9-2");
        var later = Deb("linux-image-9.12.1+deb13-cloud-amd64", "9.12.1-1");
        Link("linux-image-cloud-amd64.deb", newer);
        // Not kernels: the metapackage (no kernel in it), headers, something else.
        Deb("linux-image-cloud-amd64", "9.1.9-2");
        Deb("linux-headers-9.1.9+deb91-cloud-amd64", "9.1.9-2");
        Deb("busybox", "1.0-1");
        var shelf = new KernelShelf(_shelf.Path);

        var cloud = shelf.Of("cloud-amd64");

        Assert.Equal(
            [(older, "9.1.4+deb91-cloud-amd64", "9.1.4+deb91", "9.1.4-1"), (newer, "9.1.9+deb91-cloud-amd64", "9.1.9+deb91", "9.1.9-2"), (later, "9.12.1+deb13-cloud-amd64", "9.12.1+deb13", "9.12.1-1")],
            cloud.Select(k => (k.Path, k.Release, k.Abi, k.Version)));
        Assert.Equal("9.1.9+deb91-cloud-amd64 (9.1.9-2)", cloud[1].Label);
        Assert.Same(cloud[1], shelf.Get("9.1.9+deb91-cloud-amd64 (9.1.9-2)"));
        Assert.Equal(newer, shelf.Current("cloud-amd64").Path);
        var one = Assert.Single(shelf.Kernels, k => k.Flavour == "amd64");
        Assert.Equal((generic, "9.1.9+deb91-amd64"), (one.Path, one.Release));
    }

    [Fact]
    public void One_release_of_a_flavour_is_not_enough_and_the_error_says_how_to_get_another()
    {
        var only = Deb("linux-image-9.1.9+deb91-cloud-amd64", "9.1.9-2");
        Link("linux-image-cloud-amd64.deb", only);
        Deb("linux-image-9.1.4+deb91-amd64", "9.1.4-1");
        Deb("linux-image-9.1.9+deb91-amd64", "9.1.9-2");
        var shelf = new KernelShelf(_shelf.Path);

        var error = Assert.Throws<InvalidOperationException>(() => shelf.Of("cloud-amd64"));

        Assert.Equal(
            $"The kernel-reading tests need 2 releases of Debian's linux-image-cloud-amd64 in {_shelf.Path}, and found 1: " +
            "linux-image-9.1.9+deb91-cloud-amd64_9.1.9-2_amd64.deb (9.1.9+deb91-cloud-amd64). Run scripts/fetch-kernel --served cloud-amd64 " +
            "(every release apt serves), or scripts/fetch-kernel cloud-amd64=VERSION, or put another linux-image-RELEASE-cloud-amd64 .deb " +
            "there (or set AURAE_TEST_KERNELS to a directory that holds them).", error.Message);
        Assert.Equal(2, shelf.Of("amd64").Count);
    }

    [Fact]
    public void An_empty_or_missing_shelf_names_the_directory()
    {
        var missing = System.IO.Path.Combine(_shelf.Path, "nowhere");

        var none = Assert.Throws<InvalidOperationException>(() => new KernelShelf(missing).Of("amd64"));
        var current = Assert.Throws<FileNotFoundException>(() => new KernelShelf(missing).Current("amd64"));

        Assert.StartsWith($"The kernel-reading tests need 2 releases of Debian's linux-image-amd64 in {missing}, and found 0: none.", none.Message);
        Assert.StartsWith($"These tests need Debian's current linux-image-amd64 kernel package at {missing}/linux-image-amd64.deb and found none. " +
            "Run scripts/fetch-kernel amd64", current.Message);
    }

    [Fact]
    public void A_package_dpkg_deb_cannot_read_is_named()
    {
        var broken = _shelf.File("linux-image-9.1.9+deb91-cloud-amd64_9.1.9-2_amd64.deb", "<!DOCTYPE html> not a package"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => new KernelShelf(_shelf.Path).Kernels);

        Assert.StartsWith($"{broken}: dpkg-deb cannot read it (", error.Message);
        Assert.EndsWith("); delete it and fetch it again", error.Message);
    }

    [Fact]
    public void A_current_link_to_another_flavour_is_refused()
    {
        var generic = Deb("linux-image-9.1.9+deb91-amd64", "9.1.9-2");
        Link("linux-image-cloud-amd64.deb", generic);

        var error = Assert.Throws<InvalidDataException>(() => new KernelShelf(_shelf.Path).Current("cloud-amd64"));

        Assert.Equal($"{_shelf.Path}/linux-image-cloud-amd64.deb is not a linux-image-RELEASE-cloud-amd64 kernel package", error.Message);
    }
}
