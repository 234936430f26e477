using System.Formats.Tar;
using System.Text;
using System.Text.Json.Nodes;
using Aurae.Daemon.Containers;
using Aurae.Daemon.Native;
using Aurae.Contract.Oci;
using Aurae.Testing.Images;
using static Aurae.Testing.Images.OciArchiveBuilder;

namespace Aurae.Daemon.Tests.Containers;

/// <summary>
/// A corpus of hostile and broken image archives, each with the refusal it must get (which
/// failure, and a message naming where): nothing of a refused image stays in the store, nothing
/// is written outside it, and the store takes the next image as before.
/// </summary>
public sealed class HostileImageTests : IDisposable
{
    private readonly string _work = System.IO.Directory.CreateTempSubdirectory("aurae-hostile-images-").FullName;
    private readonly string _outside;
    private readonly LayerStore _store;

    public HostileImageTests()
    {
        _outside = System.IO.Directory.CreateDirectory(Path.Combine(_work, "outside")).FullName;
        _store = LayerStore.Open(Path.Combine(_work, "store"));
    }

    public void Dispose() => System.IO.Directory.Delete(_work, recursive: true);

    private static readonly ImageLimits Small = new()
    {
        MaxLayerBytes = 1 << 20,
        MaxLayerEntries = 100,
        MaxJsonBytes = 64 << 10,
        MaxLayers = 8,
        MaxIndexDepth = 2,
    };

    /// <summary>Reads and unpacks; returns the refusal, after checking the store kept nothing of it.</summary>
    private ImageException Refused(OciArchiveBuilder builder, ImageLimits? limits = null, Func<string, string>? damage = null)
    {
        var path = builder.Write(Path.Combine(_work, $"image-{Guid.NewGuid():N}.tar"));
        path = damage?.Invoke(path) ?? path;
        var error = Assert.Throws<ImageException>(() =>
        {
            using var archive = ImageArchive.Open(path, limits ?? Small, _store.ScratchDirectory);
            _store.Unpack(archive, ImageManifestReader.Read(archive, limits ?? Small), limits ?? Small);
        });
        Assert.Empty(System.IO.Directory.GetFileSystemEntries(Path.Combine(_store.Root, "tmp")));
        Assert.Empty(System.IO.Directory.GetFileSystemEntries(_outside));
        return error;
    }

    /// <summary>Unpacks a good image, to show the store still works and what it holds.</summary>
    private IReadOnlyList<LayerStore.StoredLayer> Unpacked(OciArchiveBuilder builder)
    {
        var path = builder.Write(Path.Combine(_work, $"image-{Guid.NewGuid():N}.tar"));
        using var archive = ImageArchive.Open(path, Small, _store.ScratchDirectory);
        return _store.Unpack(archive, ImageManifestReader.Read(archive, Small), Small);
    }

    private string[] StoredLayers() => System.IO.Directory.GetDirectories(Path.Combine(_store.Root, "layers"));

    private static OciArchiveBuilder OneLayer(params TarEntry[] entries) => new OciArchiveBuilder().Layer(entries);

    [Fact]
    public void A_path_climbing_out_with_dot_dot_is_refused()
    {
        var error = Refused(OneLayer(File("etc/ok", "ok"), File($"../../../../../..{_outside}/escaped", "x")));

        Assert.Equal(ImageFailure.InvalidArgument, error.Failure);
        Assert.Contains("climbs out with '..'", error.Message);
        Assert.Empty(StoredLayers());
    }

    [Fact]
    public void An_absolute_path_is_refused()
    {
        var error = Refused(OneLayer(File($"{_outside}/escaped", "x")));

        Assert.Equal(ImageFailure.InvalidArgument, error.Failure);
        Assert.Contains($"'{_outside}/escaped' is an absolute path", error.Message);
    }

    [Fact]
    public void Writing_through_a_symbolic_link_of_the_same_layer_is_refused()
    {
        var error = Refused(OneLayer(Symlink("escape", _outside), File("escape/escaped", "x")));

        Assert.Equal(ImageFailure.InvalidArgument, error.Failure);
        Assert.Contains("'escape/escaped': its parent 'escape' is a symbolic link", error.Message);
    }

    [Fact]
    public void Writing_through_a_symbolic_link_of_a_lower_layer_is_refused()
    {
        var builder = new OciArchiveBuilder()
            .Layer([Symlink("escape", _outside)])
            .Layer([File("escape/escaped", "x")]);

        var error = Refused(builder);

        Assert.Contains("'escape/escaped': its parent 'escape' is a symbolic link", error.Message);
        Assert.Single(StoredLayers()); // the first layer, whole and verified, may stay for the next image
    }

    [Fact]
    public void A_hard_link_out_of_the_image_is_refused()
    {
        var climbing = Refused(OneLayer(HardLink("shadow", "../../../../../../etc/shadow")));
        var absolute = Refused(OneLayer(HardLink("shadow", "/etc/shadow")));
        var through = Refused(OneLayer(Symlink("etc", "/etc"), HardLink("shadow", "etc/shadow")));

        Assert.Contains("climbs out with '..'", climbing.Message);
        Assert.Contains("'/etc/shadow' is an absolute path", absolute.Message);
        Assert.Contains("a hard link through 'etc', which is not a directory", through.Message);
    }

    [Fact]
    public void A_hard_link_to_nothing_is_refused()
    {
        var error = Refused(OneLayer(HardLink("a", "missing")));

        Assert.Contains("'a': a hard link to 'missing', which is not in the image", error.Message);
    }

    [Fact]
    public void A_layer_whose_bytes_do_not_match_its_digest_is_refused()
    {
        // The same length and still a valid tar: only the digest can tell (an uncompressed layer).
        var builder = new OciArchiveBuilder
        {
            TamperBlob = (_, bytes) =>
            {
                var at = bytes.AsSpan().IndexOf("root:x:"u8);
                var changed = bytes.ToArray();
                changed[at + 5] = (byte)'y';
                return changed;
            },
        }.Layer([File("etc/passwd", "root:x:0:0::/:/bin/sh\n")], gzip: false);

        var error = Refused(builder);

        Assert.Equal(ImageFailure.InvalidArgument, error.Failure);
        Assert.Matches(@"^blobs/sha256/[0-9a-f]{64}: its content is sha256:[0-9a-f]{64}, not sha256:[0-9a-f]{64} as the manifest says$", error.Message);
        Assert.Empty(StoredLayers());
    }

    [Fact]
    public void A_layer_whose_tar_does_not_match_the_configs_diff_id_is_refused()
    {
        var builder = new OciArchiveBuilder
        {
            EditConfig = config => config["rootfs"]!["diff_ids"]![0] = Sha256("something else"u8.ToArray()),
        }.Layer([File("a", "a")]);

        var error = Refused(builder);

        Assert.Contains("its uncompressed tar is sha256:", error.Message);
        Assert.Contains("as the config's rootfs.diff_ids says", error.Message);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.95)]
    public void A_truncated_archive_is_refused(double keep)
    {
        var builder = OneLayer(File("big", new string('x', 100_000), mode: 0x1A4), File("after", "a"));

        var error = Refused(builder, damage: path =>
        {
            var bytes = System.IO.File.ReadAllBytes(path);
            System.IO.File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);
            return path;
        });

        Assert.Equal(ImageFailure.InvalidArgument, error.Failure);
    }

    [Fact]
    public void A_file_that_is_no_tar_is_refused()
    {
        var path = Path.Combine(_work, "not.tar");
        System.IO.File.WriteAllText(path, "<html>this is a web page</html>\n");

        var error = Assert.Throws<ImageException>(() => ImageManifestReader.Read(ImageArchive.Open(path, Small, _store.ScratchDirectory), Small));

        Assert.StartsWith(path + ": ", error.Message);
    }

    [Fact]
    public void A_layer_that_expands_past_the_size_limit_is_refused()
    {
        // 2 MiB of zeros: a few kilobytes compressed, twice the limit unpacked.
        var builder = OneLayer(File("zeros", new string('\0', 2 << 20)));

        var error = Refused(builder);

        Assert.Equal(ImageFailure.ResourceExhausted, error.Failure);
        Assert.Contains($"expands past {1 << 20} bytes of files (at 'zeros')", error.Message);
    }

    [Fact]
    public void A_layer_of_too_many_entries_is_refused()
    {
        var error = Refused(OneLayer(Enumerable.Range(0, 101).Select(i => (TarEntry)File($"f{i}", "")).ToArray()));

        Assert.Equal(ImageFailure.ResourceExhausted, error.Failure);
        Assert.Contains("more than 100 entries", error.Message);
    }

    [Fact]
    public void An_index_larger_than_json_may_be_is_refused()
    {
        var builder = new OciArchiveBuilder { EditIndex = index => index["annotations"] = new JsonObject { ["bomb"] = new string('a', 70_000) } }
            .Layer([File("a", "a")]);

        var error = Refused(builder);

        Assert.Equal(ImageFailure.ResourceExhausted, error.Failure);
        Assert.StartsWith("index.json: ", error.Message);
        Assert.Contains("bytes of JSON", error.Message);
    }

    [Fact]
    public void Indexes_nested_too_deep_are_refused()
    {
        // index.json → index → index → index → an empty index: deeper than the 2 allowed.
        var builder = new OciArchiveBuilder().Layer([File("a", "a")]);
        var inner = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"manifests\":[]}");
        JsonObject pointer = null!;
        for (var depth = 0; depth < 4; depth++)
        {
            builder.ExtraMembers[$"blobs/sha256/{Sha256(inner)["sha256:".Length..]}"] = inner;
            pointer = new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.index.v1+json",
                ["digest"] = Sha256(inner),
                ["size"] = inner.Length,
                ["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = "amd64" },
            };
            inner = Encoding.UTF8.GetBytes(new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(pointer.DeepClone()) }.ToJsonString());
        }
        var nested = new OciArchiveBuilder { EditIndex = index => index["manifests"] = new JsonArray(pointer.DeepClone()) }.Layer([File("a", "a")]);
        foreach (var (name, bytes) in builder.ExtraMembers)
            nested.ExtraMembers[name] = bytes;

        var error = Refused(nested);

        Assert.Equal(ImageFailure.ResourceExhausted, error.Failure);
        Assert.Contains("indexes nest more than 2 deep", error.Message);
    }

    [Fact]
    public void An_image_for_another_platform_is_refused_naming_what_it_offers()
    {
        var builder = new OciArchiveBuilder
        {
            EditIndex = index => index["manifests"]![0]!["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = "arm64" },
        }.Layer([File("a", "a")]);

        var error = Refused(builder);

        Assert.Equal("index.json: no manifest for linux/amd64 (it lists: linux/arm64)", error.Message);
    }

    [Fact]
    public void A_missing_blob_and_a_wrong_size_are_named()
    {
        var missing = Refused(new OciArchiveBuilder
        {
            EditManifest = manifest => manifest["layers"]![0]!["digest"] = Sha256("not in the archive"u8.ToArray()),
        }.Layer([File("a", "a")]));
        var size = Refused(new OciArchiveBuilder
        {
            EditManifest = manifest => manifest["layers"]![0]!["size"] = 1,
        }.Layer([File("a", "a")]));

        Assert.Contains("which the archive does not hold", missing.Message);
        Assert.Matches(@"^blobs/sha256/[0-9a-f]{64}: \d+ bytes, not 1 as blobs/sha256/[0-9a-f]{64}: layers\[0\] says$", size.Message);
    }

    [Fact]
    public void Too_many_layers_are_refused()
    {
        var builder = new OciArchiveBuilder();
        for (var i = 0; i < 9; i++)
            builder.Layer([File($"f{i}", "x")]);

        var error = Refused(builder);

        Assert.Equal(ImageFailure.ResourceExhausted, error.Failure);
        Assert.Contains("9 layers, more than the 8 an image may have", error.Message);
    }

    [Fact]
    public void Corrupt_gzip_is_refused()
    {
        var builder = new OciArchiveBuilder
        {
            TamperBlob = (_, bytes) => [.. bytes[..10], .. Enumerable.Repeat((byte)0xFF, bytes.Length - 10)],
        }.Layer([File("a", new string('a', 5000))]);

        var error = Refused(builder);

        Assert.Equal(ImageFailure.InvalidArgument, error.Failure);
        Assert.Contains("corrupt or truncated gzip data", error.Message);
    }

    [Fact]
    public void Device_nodes_are_skipped_and_the_store_takes_the_next_image()
    {
        Refused(OneLayer(File("../x", "x")));
        var device = new PaxTarEntry(TarEntryType.CharacterDevice, "dev/mem") { DeviceMajor = 1, DeviceMinor = 1 };

        var layers = Unpacked(OneLayer(Directory("dev"), device, File("etc/ok", "ok")));

        var layer = Assert.Single(layers);
        Assert.Equal(1, layer.Applied.SkippedDevices);
        Assert.False(Path.Exists(Path.Combine(layer.Path, "dev", "mem")));
        Assert.Equal("ok", System.IO.File.ReadAllText(Path.Combine(layer.Path, "etc", "ok")));
    }

    [Fact]
    public void Whiteouts_remove_what_the_layers_beneath_hold()
    {
        var layers = Unpacked(new OciArchiveBuilder()
            .Layer([Directory("etc"), File("etc/keep", "k"), File("etc/gone", "g"), Directory("opaque"), File("opaque/old", "o")])
            .Layer([File("etc/.wh.gone", ""), File("opaque/.wh..wh..opq", ""), File("opaque/new", "n")]));

        var view = System.IO.Directory.CreateDirectory(Path.Combine(_work, "view")).FullName;
        var lowers = string.Join(':', layers.Reverse().Select(l => l.Path));
        Assert.True(LibC.mount("overlay", view, "overlay", 0, $"ro,lowerdir={lowers}") == 0, LibC.Describe(LibC.LastError));
        try
        {
            Assert.Equal(["etc/keep", "opaque/new"], System.IO.Directory.EnumerateFiles(view, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(view, f)).Order(StringComparer.Ordinal));
            Assert.False(Path.Exists(Path.Combine(layers[1].Path, "etc", ".wh.gone")), "a whiteout is overlayfs's, not a file named .wh.*");
        }
        finally
        {
            LibC.umount2(view, 0);
        }
    }
}
