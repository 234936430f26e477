using Aurae.Daemon.Containers;
using Aurae.Contract.Oci;
using Aurae.Testing.Images;

namespace Aurae.Daemon.Tests.Containers;

/// <summary>
/// Image archives skopeo wrote (oci-archive with gzip and with zstd layers, docker-archive)
/// read and unpacked into a <see cref="LayerStore"/>: stacked with overlayfs as a container would
/// see them, the layers must give the tree umoci unpacked from the same image, entry for entry
/// (type, mode with setuid/setgid/sticky bits, owner, size and content, link target, modification
/// time, hard links), and the config must say what umoci config set.
/// </summary>
public sealed class ImageUnpackTests(UmociImage image) : IClassFixture<UmociImage>, IDisposable
{
    private readonly string _store = Directory.CreateTempSubdirectory("aurae-layers-").FullName;

    public void Dispose() => Directory.Delete(_store, recursive: true);

    public static TheoryData<string> Formats => new() { "oci-archive gzip", "oci-archive zstd", "docker-archive" };

    private string ArchiveOf(string format) => format switch
    {
        "oci-archive gzip" => image.OciArchive,
        "oci-archive zstd" => image.ZstdOciArchive,
        _ => image.DockerArchive,
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_layers_stacked_give_the_tree_umoci_unpacks(string format)
    {
        var store = LayerStore.Open(_store);
        using var archive = ImageArchive.Open(ArchiveOf(format), new ImageLimits(), Path.GetTempPath());

        var manifest = ImageManifestReader.Read(archive, new ImageLimits());
        var layers = store.Unpack(archive, manifest, new ImageLimits());

        Assert.Equal(format.StartsWith("oci", StringComparison.Ordinal) ? ImageManifest.OciFormat : ImageManifest.DockerFormat, manifest.Format);
        Assert.Equal(2, layers.Count);
        Assert.All(layers, layer => Assert.False(layer.Shared));
        Assert.Equal(layers.Select(l => l.ChainId), ChainId.Of(manifest.Layers.Select(l => l.DiffId)));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_store, "tmp")));
        using var view = OverlayView.Mount(layers.Select(l => l.Path));
        TreeListing.AssertSame(image.ReferenceRoot, view.Path);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_config_says_what_umoci_config_set(string format)
    {
        using var archive = ImageArchive.Open(ArchiveOf(format), new ImageLimits(), Path.GetTempPath());

        var config = ImageManifestReader.Read(archive, new ImageLimits()).Config;

        Assert.Equal(["/bin/sh"], config.Entrypoint);
        Assert.Equal(["-c", "echo hi"], config.Cmd);
        Assert.Contains("A=1", config.Env);
        Assert.Equal("/data", config.WorkingDir);
        Assert.Equal("1000:1001", config.User);
    }

    [Fact]
    public void A_second_image_with_the_same_layers_shares_them_and_gives_the_same_tree()
    {
        var store = LayerStore.Open(_store);
        using (var oci = ImageArchive.Open(image.OciArchive, new ImageLimits(), Path.GetTempPath()))
            store.Unpack(oci, ImageManifestReader.Read(oci, new ImageLimits()), new ImageLimits());
        var before = Directory.GetDirectories(Path.Combine(_store, "layers")).Order().ToArray();

        using var docker = ImageArchive.Open(image.DockerArchive, new ImageLimits(), Path.GetTempPath());
        var layers = store.Unpack(docker, ImageManifestReader.Read(docker, new ImageLimits()), new ImageLimits());

        // Same diff IDs (docker save stores them uncompressed), so the same chain: nothing new.
        Assert.All(layers, layer => Assert.True(layer.Shared, $"{layer.ChainId} unpacked again"));
        Assert.Equal(before, Directory.GetDirectories(Path.Combine(_store, "layers")).Order());
        using var view = OverlayView.Mount(layers.Select(l => l.Path));
        TreeListing.AssertSame(image.ReferenceRoot, view.Path);
    }

    [Fact]
    public void The_first_layer_alone_is_what_umoci_unpacks_of_an_image_of_it()
    {
        // A one-layer image of the first layer (umoci new + the first repack, kept under its own tag).
        var store = LayerStore.Open(_store);
        using var archive = ImageArchive.Open(image.OciArchive, new ImageLimits(), Path.GetTempPath());
        var manifest = ImageManifestReader.Read(archive, new ImageLimits());
        var first = store.Unpack(archive, manifest with { Layers = manifest.Layers.Take(1).ToList() }, new ImageLimits());

        var lister = TreeListing.Of(first[0].Path);

        Assert.Contains(lister, e => e.Path == "opq/a");
        Assert.Contains(lister, e => e.Path == "data/gone");
        Assert.Equal("4755", lister.Single(e => e.Path == "bin/suid").Mode);
        Assert.Equal(("1000", "1000", "700"), lister.Where(e => e.Path == "private").Select(e => (e.Uid, e.Gid, e.Mode)).Single());
    }
}
