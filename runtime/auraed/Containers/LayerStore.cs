using System.IO.Compression;
using Aurae.Daemon.Native;
using Aurae.Contract.Oci;

namespace Aurae.Daemon.Containers;

/// <summary>
/// Image layers unpacked on the node, each once, as containerd's overlay snapshotter keeps them:
/// <c>layers/HEX</c>, HEX a layer's chain ID (its changes on top of exactly the layers beneath),
/// holds what the layer changed, in the form overlayfs stacks. Images with the same layers at the
/// bottom share those directories. A layer above the first is applied through an overlayfs view
/// of the layers beneath (its new directory as the upper), so that whiteouts, copied-up
/// directories and hard links to files beneath come out as overlayfs records them. A layer is
/// unpacked under <c>tmp/</c> and renamed into place once its digests are verified: a directory
/// under <c>layers/</c> is always a whole, verified layer.
/// </summary>
public sealed class LayerStore
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const int NoSuchDevice = 19; // ENODEV: mount(2) of a filesystem type the kernel lacks
    private static readonly byte[] GzipMagic = [0x1F, 0x8B];
    private static readonly byte[] ZstdMagic = [0x28, 0xB5, 0x2F, 0xFD];

    private readonly string _layers;
    private readonly string _temporary;

    private LayerStore(string root)
    {
        Root = root;
        _layers = Path.Combine(root, "layers");
        _temporary = Path.Combine(root, "tmp");
    }

    public string Root { get; }

    /// <summary>Where work in progress goes (a layer being unpacked, an archive being decompressed); emptied at start.</summary>
    public string ScratchDirectory => _temporary;

    /// <summary>Creates the store's directories (private to root) and removes what an earlier run left half-unpacked.</summary>
    public static LayerStore Open(string root)
    {
        var store = new LayerStore(Path.GetFullPath(root));
        foreach (var directory in new[] { store.Root, store._layers, store._temporary })
        {
            Directory.CreateDirectory(directory);
            File.SetUnixFileMode(directory, PrivateDirectory);
        }
        foreach (var leftover in Directory.EnumerateDirectories(store._temporary))
        {
            LibC.umount2(Path.Combine(leftover, "view"), MountFlags.Detach); // a view a crash left mounted
            Directory.Delete(leftover, recursive: true);
        }
        foreach (var leftover in Directory.EnumerateFiles(store._temporary))
            File.Delete(leftover);
        return store;
    }

    /// <summary>Where the layer with chain ID <paramref name="chainId"/> is (once unpacked).</summary>
    public string LayerPath(Digest chainId) => Path.Combine(_layers, chainId.Hex);

    public bool Contains(Digest chainId) => Directory.Exists(LayerPath(chainId));

    /// <summary>The chain IDs of the layers the store holds.</summary>
    public IEnumerable<Digest> ChainIds() =>
        Directory.EnumerateDirectories(_layers).Select(d => Digest.FromHex(Path.GetFileName(d))).OfType<Digest>();

    /// <summary>Removes a layer (images above it must go first: they stand on it).</summary>
    public void Remove(Digest chainId)
    {
        // Renamed out of layers/ first, so that no half-deleted layer is ever under its name.
        var doomed = Path.Combine(_temporary, "removed-" + Path.GetRandomFileName());
        Directory.Move(LayerPath(chainId), doomed);
        Directory.Delete(doomed, recursive: true);
    }

    /// <summary>A layer of an image: its chain ID, where it is, and whether it was there already.</summary>
    public readonly record struct StoredLayer(Digest ChainId, string Path, bool Shared, LayerApplier.Applied Applied);

    /// <summary>Unpacks each layer of <paramref name="manifest"/> the store does not hold yet, lowest first.</summary>
    public IReadOnlyList<StoredLayer> Unpack(ImageArchive archive, ImageManifest manifest, ImageLimits limits)
    {
        var chain = ChainId.Of(manifest.Layers.Select(l => l.DiffId));
        var stored = new List<StoredLayer>(chain.Count);
        for (var i = 0; i < chain.Count; i++)
        {
            var path = LayerPath(chain[i]);
            stored.Add(Directory.Exists(path)
                ? new StoredLayer(chain[i], path, Shared: true, default)
                : new StoredLayer(chain[i], path, Shared: false, UnpackOne(archive, manifest.Layers[i], chain[i], chain.Take(i), limits)));
        }
        return stored;
    }

    private LayerApplier.Applied UnpackOne(ImageArchive archive, ImageLayer layer, Digest chainId, IEnumerable<Digest> beneath, ImageLimits limits)
    {
        var where = layer.ToString();
        var work = Directory.CreateDirectory(Path.Combine(_temporary, "layer-" + Path.GetRandomFileName())).FullName;
        var upper = Directory.CreateDirectory(Path.Combine(work, "upper")).FullName;
        try
        {
            var lowers = beneath.Reverse().Select(LayerPath).ToList();
            LayerApplier.Applied applied;
            if (lowers.Count == 0)
            {
                applied = Apply(archive, layer, upper, limits);
            }
            else
            {
                var view = Directory.CreateDirectory(Path.Combine(work, "view")).FullName;
                var overlayWork = Directory.CreateDirectory(Path.Combine(work, "work")).FullName;
                Mount(view, lowers, upper, overlayWork, where);
                try
                {
                    applied = Apply(archive, layer, view, limits);
                }
                finally
                {
                    if (LibC.umount2(view, 0) < 0)
                        LibC.umount2(view, MountFlags.Detach);
                }
            }
            try
            {
                Directory.Move(upper, LayerPath(chainId));
            }
            catch (IOException) when (Directory.Exists(LayerPath(chainId)))
            {
                // The same layer was unpacked meanwhile for another image: the same verified content.
            }
            return applied;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Applies the layer's tar to <paramref name="root"/>, checking both its digests in the same pass.</summary>
    private static LayerApplier.Applied Apply(ImageArchive archive, ImageLayer layer, string root, ImageLimits limits)
    {
        var where = layer.ToString();
        var compression = layer.Compression == LayerCompression.Detect ? Detect(archive, layer) : layer.Compression;
        LayerApplier.Applied applied;
        Digest blobDigest, diffId;
        using (var blob = new HashingReadStream(archive.OpenMember(layer.Member, where), leaveOpen: false))
        {
            using var tar = compression == LayerCompression.None
                ? new HashingReadStream(blob, leaveOpen: true)
                : new HashingReadStream(Decompress(blob, compression, where), leaveOpen: false);
            applied = LayerApplier.Apply(tar, root, where, limits);
            diffId = tar.Finish();
            blobDigest = blob.Finish();
        }
        if (layer.BlobDigest is { } expected && blobDigest != expected)
            throw ImageException.Invalid(layer.Member, $"its content is {blobDigest}, not {expected} as the manifest says");
        if (diffId != layer.DiffId)
            throw ImageException.Invalid(where, $"its uncompressed tar is {diffId}, not {layer.DiffId} as the config's rootfs.diff_ids says");
        return applied;
    }

    /// <summary>An overlayfs view of <paramref name="lowers"/> (topmost first) with <paramref name="upper"/> taking the changes.</summary>
    private static void Mount(string view, IReadOnlyList<string> lowers, string upper, string work, string where)
    {
        // Features that write redirects or share inodes across layers are off: a layer must stand
        // on its chain alone. mount(2) takes one page of options.
        var options = $"lowerdir={string.Join(':', lowers)},upperdir={upper},workdir={work},index=off,redirect_dir=off,metacopy=off";
        if (options.Length >= 4096)
            throw ImageException.Limit(where, $"the layers beneath it do not fit in one overlayfs mount ({options.Length} bytes of options)");
        if (LibC.mount("overlay", view, "overlay", 0, options) < 0)
        {
            var errno = LibC.LastError;
            throw new IOException($"{where}: cannot mount the layers beneath it (overlayfs): {LibC.Describe(errno)}" +
                (errno == NoSuchDevice ? "; the kernel has no overlayfs: node images carry the overlay module unless kernel.modules_exclude names it" : ""));
        }
    }

    private static Stream Decompress(Stream blob, LayerCompression compression, string where) => compression switch
    {
        LayerCompression.Gzip => new DecompressedLayerStream(new GZipStream(blob, CompressionMode.Decompress, leaveOpen: true), where, "gzip"),
        LayerCompression.Zstd => new DecompressedLayerStream(new ZstdSharp.DecompressionStream(blob, leaveOpen: true), where, "zstd"),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "not a compression"),
    };

    /// <summary>docker save does not say how a layer is compressed: its first bytes do.</summary>
    private static LayerCompression Detect(ImageArchive archive, ImageLayer layer)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = archive.OpenMember(layer.Member, layer.ToString());
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..read].StartsWith(GzipMagic) ? LayerCompression.Gzip
            : head[..read].StartsWith(ZstdMagic) ? LayerCompression.Zstd
            : LayerCompression.None;
    }
}
