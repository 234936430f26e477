using Aurae.Composer.Tests.CommandLine;

namespace Aurae.Composer.Tests.Build;

/// <summary>
/// The initramfs as three archives (daemon, kernel modules, the node's own files) and the build
/// cache that keeps the first two compressed: a cached build gives the same bytes as an uncached
/// one, and a build for another node (other certificates) reuses the shared segments.
/// </summary>
public sealed class BuildCacheTests : IDisposable
{
    private readonly BuildWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    private CliResult Build(string yaml, string output, params string[] cacheArguments) =>
        ComposeCli.Succeed(["build", yaml, "--output", workspace.OutputDirectory(output), "--daemon", workspace.Daemon, .. cacheArguments]);

    private byte[] Initramfs(string output) => File.ReadAllBytes(Path.Combine(workspace.OutputDirectory(output), "initramfs.img"));

    [Theory]
    [InlineData("zstd")]
    [InlineData("gzip")]
    public void A_cached_build_is_byte_identical_to_an_uncached_one_and_reuses_both_shared_segments(string compression)
    {
        var yaml = workspace.WriteNodeYaml(compression: compression);
        var cache = Path.Combine(workspace.Root, "cache");

        var uncached = Build(yaml, "uncached", "--no-cache");
        var cold = Build(yaml, "cold", "--cache-dir", cache);
        var warm = Build(yaml, "warm", "--cache-dir", cache);

        Assert.DoesNotContain("from the cache", uncached.Output);
        Assert.Contains($"0 of 2 shared segments from the cache {cache}", cold.Output);
        Assert.Contains($"2 of 2 shared segments from the cache {cache}", warm.Output);
        Assert.DoesNotContain("selection from the cache", cold.Output);
        Assert.Contains($"(selection from the cache {cache})", warm.Output);
        Assert.Single(Directory.GetFiles(Path.Combine(cache, "kernel-selection-v1")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(cache, "initramfs-segment-v4")).Length);
        Assert.Equal(Initramfs("uncached"), Initramfs("cold"));
        Assert.Equal(Initramfs("uncached"), Initramfs("warm"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(workspace.OutputDirectory("uncached"), "vmlinuz")),
            File.ReadAllBytes(Path.Combine(workspace.OutputDirectory("warm"), "vmlinuz")));
    }

    [Fact]
    public void A_damaged_kernel_selection_entry_is_selected_anew_and_replaced()
    {
        var yaml = workspace.WriteNodeYaml();
        var cache = Path.Combine(workspace.Root, "cache");
        Build(yaml, "first", "--cache-dir", cache);
        var entry = Assert.Single(Directory.GetFiles(Path.Combine(cache, "kernel-selection-v1")));
        File.WriteAllBytes(entry, File.ReadAllBytes(entry)[..1000]); // cut inside the first tar member

        var second = Build(yaml, "second", "--cache-dir", cache);
        var third = Build(yaml, "third", "--cache-dir", cache);

        Assert.Contains("warning: damaged build cache entry", second.Output);
        Assert.Contains("(selection from the cache", third.Output);
        Assert.Equal(Initramfs("first"), Initramfs("second"));
        Assert.Equal(Initramfs("first"), Initramfs("third"));
    }

    [Fact]
    public void Other_selectors_are_another_cache_entry_and_select_anew()
    {
        var cache = Path.Combine(workspace.Root, "cache");
        Build(workspace.WriteNodeYaml(modules: "[virtio_pci, virtio_net]"), "two", "--cache-dir", cache);

        var other = Build(workspace.WriteNodeYaml(modules: "[virtio_pci, virtio_net, virtio_blk]"), "three", "--cache-dir", cache);

        Assert.DoesNotContain("selection from the cache", other.Output);
        Assert.Contains("virtio_blk", other.Output);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(cache, "kernel-selection-v1")).Length);
    }

    [Fact]
    public void The_initramfs_is_the_daemon_the_modules_and_the_node_files_as_three_archives()
    {
        Build(workspace.WriteNodeYaml(), "segments", "--no-cache");
        var image = Path.Combine(workspace.OutputDirectory("segments"), "initramfs.img");

        Assert.Equal(3, CpioListing.ArchiveCount(image));
        // zstd frames one after the other, each beginning with the frame magic (RFC 8878 §3.1.1: 28 B5 2F FD).
        var bytes = File.ReadAllBytes(image);
        var frames = Enumerable.Range(0, bytes.Length - 3)
            .Count(i => bytes[i] == 0x28 && bytes[i + 1] == 0xB5 && bytes[i + 2] == 0x2F && bytes[i + 3] == 0xFD);
        Assert.True(frames >= 3, $"{frames} zstd frame magics");
        var paths = CpioListing.Of(image).Select(e => e.Path).ToList();
        Assert.True(paths.IndexOf("init") < paths.FindIndex(p => p.StartsWith("lib/modules/", StringComparison.Ordinal)));
        Assert.True(paths.FindIndex(p => p.StartsWith("lib/modules/", StringComparison.Ordinal)) < paths.IndexOf("etc/aurae/node.json"));
    }

    [Fact]
    public void Another_nodes_build_reuses_the_shared_segments_and_differs_only_in_its_own()
    {
        var cache = Path.Combine(workspace.Root, "cache");
        Build(workspace.WriteNodeYaml(), "first", "--cache-dir", cache);
        // Same kernel and daemon, a new certificate: as after a certificate rotation.
        File.Delete(workspace.NodeCertificatePath);
        File.Delete(workspace.NodeKeyPath);
        ComposeCli.Succeed("pki", "init", workspace.PkiDirectory, "--node", BuildWorkspace.NodeName);

        var second = Build(workspace.WriteNodeYaml(), "second", "--cache-dir", cache);

        Assert.Contains("2 of 2 shared segments from the cache", second.Output);
        var first = Initramfs("first");
        var rotated = Initramfs("second");
        Assert.NotEqual(first, rotated);
        // Everything before the node's own archive is the same bytes.
        var common = first.AsSpan().CommonPrefixLength(rotated);
        Assert.True(common > first.Length * 9 / 10, $"only {common} of {first.Length} bytes shared");
    }
}
