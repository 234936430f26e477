using Aurae.Api.Images.V0;
using Aurae.Daemon.Containers;
using Aurae.Contract.Oci;
using Aurae.Daemon.Tests.Artifacts;
using Aurae.Daemon.Tests.Authorization;
using Grpc.Core;
using Aurae.Testing.Images;
using static Aurae.Testing.Images.OciArchiveBuilder;
using ImageService = Aurae.Daemon.Api.ImageService;

namespace Aurae.Daemon.Tests.Containers;

/// <summary>
/// aurae.images.v0.ImageService over a real image store: archives pushed as artifacts are
/// imported, listed with their shared layers, removed with the layers no other image uses; every
/// refusal has its status, and a refused import leaves nothing behind.
/// </summary>
public sealed class ImageServiceTests : IDisposable
{
    private readonly TempArtifactStore _artifacts = new(maxArtifactBytes: 8 << 20, maxTotalBytes: 32 << 20, maxChunkBytes: 1 << 20);
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("aurae-images-test-").FullName;
    private readonly ImageStore _images;
    private readonly ImageService _service;

    public ImageServiceTests()
    {
        _images = ImageStore.Open(_root, new ImageLimits { MaxLayerBytes = 1 << 20 });
        _service = new ImageService(_images, _artifacts.Store);
    }

    public void Dispose()
    {
        _artifacts.Dispose();
        System.IO.Directory.Delete(_root, recursive: true);
    }

    private static TestServerCallContext Call(string method) => new($"/aurae.images.v0.ImageService/{method}");

    /// <summary>Pushes the archive as an artifact, as `aurae image push` does.</summary>
    private async Task<string> PushAsync(string artifact, OciArchiveBuilder builder)
    {
        var path = builder.Write(Path.Combine(_root, artifact));
        var content = await System.IO.File.ReadAllBytesAsync(path);
        await _artifacts.PushAsync(artifact, content);
        return artifact;
    }

    private Task<Image> Import(string artifact, string name = "") =>
        _service.Import(new ImportRequest { Artifact = artifact, Name = name }, Call("Import"));

    private string[] LayerDirectories() => System.IO.Directory.GetDirectories(Path.Combine(_root, "layers")).Select(Path.GetFileName).Order().ToArray()!;

    private static OciArchiveBuilder Base() => new OciArchiveBuilder().Layer([Directory("bin"), File("bin/tool", "tool"), File("etc/base", "base")]);

    [Fact]
    public async Task Imported_images_share_their_common_layers_and_removal_keeps_what_another_uses()
    {
        var web = await Import(await PushAsync("web.tar", Base().Layer([File("srv/index.html", "<h1>web</h1>")])), "web:1");
        var db = await Import(await PushAsync("db.tar", Base().Layer([File("var/db", "rows")])), "db");

        Assert.Equal(("web:1", ImageManifest.OciFormat, 2), (web.Name, web.Format, web.Layers.Count));
        Assert.Equal(["/bin/sh"], web.Config.Entrypoint);
        Assert.Equal(web.Layers[0].ChainId, db.Layers[0].ChainId);
        Assert.NotEqual(web.Layers[1].ChainId, db.Layers[1].ChainId);
        Assert.Equal([2u, 1u], db.Layers.Select(l => l.Images));
        Assert.Equal((ulong)"tool".Length + (ulong)"base".Length, web.Layers[0].Size);
        Assert.Equal(web.Layers.Sum(l => (long)l.Size), (long)web.Size);
        Assert.Equal(3, LayerDirectories().Length);

        var listed = await _service.List(new ListRequest(), Call("List"));
        Assert.Equal(["db", "web:1"], listed.Images.Select(i => i.Name));
        Assert.All(listed.Images, image => Assert.Equal(2u, image.Layers[0].Images));

        await _service.Remove(new RemoveRequest { Name = "web:1" }, Call("Remove"));
        Assert.Equal(db.Layers.Select(l => l.ChainId["sha256:".Length..]).Order(), LayerDirectories());
        Assert.Equal([1u, 1u], (await _service.List(new ListRequest(), Call("List"))).Images.Single().Layers.Select(l => l.Images));

        await _service.Remove(new RemoveRequest { Name = "db" }, Call("Remove"));
        Assert.Empty(LayerDirectories());
        Assert.Empty((await _service.List(new ListRequest(), Call("List"))).Images);
    }

    [Fact]
    public async Task An_image_imported_again_under_its_name_replaces_it_and_reuses_its_layers()
    {
        var first = await Import(await PushAsync("a.tar", Base()), "same");
        var second = await Import(await PushAsync("b.tar", Base().Layer([File("more", "m")])), "same");

        Assert.Equal(first.Layers[0].ChainId, second.Layers[0].ChainId);
        Assert.Equal(first.Layers[0].Size, second.Layers[0].Size); // counted when first unpacked
        Assert.Equal(["same"], (await _service.List(new ListRequest(), Call("List"))).Images.Select(i => i.Name));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public async Task A_compressed_archive_is_imported_as_the_plain_one_and_its_scratch_copy_removed(string compression)
    {
        var plain = Base().Layer([File("srv/index.html", "<h1>web</h1>")]).Write(Path.Combine(_root, "plain.tar"));
        var bytes = await System.IO.File.ReadAllBytesAsync(plain);
        var compressed = compression == "gzip" ? OciArchiveBuilder.Gzip(bytes) : new ZstdSharp.Compressor().Wrap(bytes).ToArray();
        await _artifacts.PushAsync("plain.tar", bytes);
        await _artifacts.PushAsync($"compressed.tar.{compression}", compressed);

        var fromPlain = await Import("plain.tar", "plain");
        var fromCompressed = await Import($"compressed.tar.{compression}", "compressed");

        Assert.Equal(fromPlain.ConfigDigest, fromCompressed.ConfigDigest);
        Assert.Equal(fromPlain.Layers.Select(l => l.ChainId), fromCompressed.Layers.Select(l => l.ChainId));
        Assert.Empty(System.IO.Directory.GetFileSystemEntries(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task A_compressed_archive_past_its_limit_or_corrupt_is_refused_and_leaves_no_scratch()
    {
        var small = new ImageService(ImageStore.Open(_root, new ImageLimits { MaxArchiveBytes = 1 << 20 }), _artifacts.Store);
        await _artifacts.PushAsync("bomb.tar.gz", OciArchiveBuilder.Gzip(new byte[4 << 20]));
        var corrupt = OciArchiveBuilder.Gzip(new byte[64 << 10]);
        corrupt.AsSpan(10, 32).Fill(0xFF);
        await _artifacts.PushAsync("corrupt.tar.gz", corrupt);

        var bomb = await Assert.ThrowsAsync<RpcException>(() => small.Import(new ImportRequest { Artifact = "bomb.tar.gz" }, Call("Import")));
        var broken = await Assert.ThrowsAsync<RpcException>(() => Import("corrupt.tar.gz"));

        Assert.Equal(StatusCode.ResourceExhausted, bomb.StatusCode);
        Assert.EndsWith($"the gzip-compressed archive expands past {1 << 20} bytes", bomb.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, broken.StatusCode);
        Assert.Contains("corrupt or truncated gzip data", broken.Status.Detail);
        Assert.Empty(System.IO.Directory.GetFileSystemEntries(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task The_image_name_defaults_to_the_artifacts()
    {
        var image = await Import(await PushAsync("busybox.tar", Base()));

        Assert.Equal("busybox.tar", image.Name);
    }

    [Fact]
    public async Task Refusals_carry_their_status_and_leave_nothing_behind()
    {
        await PushAsync("hostile.tar", new OciArchiveBuilder().Layer([File("ok", "ok")]).Layer([File("../../escape", "x")]));
        await PushAsync("huge.tar", new OciArchiveBuilder().Layer([File("zeros", new string('\0', 2 << 20))]));
        await _artifacts.PushAsync("notes.txt", "not an image"u8.ToArray());

        (Func<Task> Call, StatusCode Code, string Detail)[] table =
        [
            (() => Import("hostile.tar"), StatusCode.InvalidArgument, "climbs out with '..'"),
            (() => Import("huge.tar"), StatusCode.ResourceExhausted, "expands past"),
            (() => Import("notes.txt"), StatusCode.InvalidArgument, "not a readable tar archive"),
            (() => Import("never-pushed.tar"), StatusCode.NotFound, "no artifact named 'never-pushed.tar': push the archive first"),
            (() => Import("bad/artifact"), StatusCode.InvalidArgument, "contains '/'"),
            (() => Import("hostile.tar", "bad name"), StatusCode.InvalidArgument, "image name 'bad name' contains U+0020"),
            (() => _service.Remove(new RemoveRequest { Name = "never-imported" }, Call("Remove")), StatusCode.NotFound, "no image named 'never-imported'"),
            (() => _service.Remove(new RemoveRequest { Name = "" }, Call("Remove")), StatusCode.InvalidArgument, "the image name is empty"),
        ];
        foreach (var (call, code, detail) in table)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(code == error.StatusCode && error.Status.Detail.Contains(detail, StringComparison.Ordinal),
                $"expected {code} with '{detail}', got {error.StatusCode}: {error.Status.Detail}");
        }
        Assert.Empty(LayerDirectories());
        Assert.Empty(System.IO.Directory.GetFileSystemEntries(Path.Combine(_root, "tmp")));
        Assert.Empty(System.IO.Directory.GetFileSystemEntries(Path.Combine(_root, "images")));
    }

    [Fact]
    public async Task A_store_opened_again_keeps_its_images_and_drops_layers_no_image_names()
    {
        await Import(await PushAsync("kept.tar", Base()), "kept");
        var orphan = System.IO.Directory.CreateDirectory(Path.Combine(_root, "layers", new string('e', 64))).FullName;
        System.IO.File.WriteAllText(Path.Combine(_root, "images", "half-written.json.tmp"), "{");

        var reopened = new ImageService(ImageStore.Open(_root, new ImageLimits()), _artifacts.Store);

        Assert.Equal(["kept"], (await reopened.List(new ListRequest(), Call("List"))).Images.Select(i => i.Name));
        Assert.False(Path.Exists(orphan));
        Assert.False(Path.Exists(Path.Combine(_root, "images", "half-written.json.tmp")));
    }
}
