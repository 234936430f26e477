using Aurae.Contract.Names;
using System.Text.Json;
using Aurae.Daemon.Logging;
using Aurae.Contract.Oci;

namespace Aurae.Daemon.Containers;

/// <summary>
/// The images a node holds: a record per image (<c>images/NAME.json</c>, written under a
/// temporary name and renamed) over a <see cref="LayerStore"/> whose layers the images share.
/// A layer no record names is removed (after a removal, a failed import, and at start), so
/// nothing of an image the node does not hold stays. Imports, removals and listings take turns:
/// an import cannot see a layer go that it is about to name.
/// </summary>
public sealed class ImageStore
{
    private const string RecordSuffix = ".json";

    private readonly string _records;
    private readonly LayerStore _layers;
    private readonly ImageLimits _limits;
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Images containers run from, by name, and how many: those may not be removed.
    private readonly Dictionary<string, int> _pins = new(StringComparer.Ordinal);

    private ImageStore(string records, LayerStore layers, ImageLimits limits)
    {
        _records = records;
        _layers = layers;
        _limits = limits;
    }

    public LayerStore Layers => _layers;

    public static ImageStore Open(string root, ImageLimits limits)
    {
        var layers = LayerStore.Open(root);
        var records = Path.Combine(layers.Root, "images");
        Directory.CreateDirectory(records);
        foreach (var partial in Directory.EnumerateFiles(records, "*.tmp"))
            File.Delete(partial);
        var store = new ImageStore(records, layers, limits);
        store.CollectUnusedLayers();
        return store;
    }

    /// <summary>Reads the archive at <paramref name="archivePath"/> and stores it as image <paramref name="name"/> (replacing one of that name).</summary>
    /// <exception cref="ImageException">The archive or the name is refused.</exception>
    public async Task<StoredImage> ImportAsync(string archivePath, string name, CancellationToken cancellationToken)
    {
        if (ImageName.Validate(name) is { } problem)
            throw new ImageException(ImageFailure.InvalidArgument, problem);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Synchronous file work (reading, decompressing, writing layers): off the request's thread.
            var image = await Task.Run(() => Import(archivePath, name), cancellationToken);
            ConsoleLog.Info("images", $"imported {name} ({image.Format}, {image.Layers.Count} layers, {image.Size} bytes, config {image.ConfigDigest})");
            return image;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<StoredImage>> ListAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Records().OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The image <paramref name="name"/>, pinned until <see cref="Release"/>: a container runs from
    /// it, so it cannot be removed meanwhile.
    /// </summary>
    /// <exception cref="ImageException">InvalidArgument for a malformed name, NotFound for an unknown one.</exception>
    public async Task<StoredImage> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        if (ImageName.Validate(name) is { } problem)
            throw new ImageException(ImageFailure.InvalidArgument, problem);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Its own record only: every container start comes here.
            var image = ReadRecord(name)
                ?? throw new ImageException(ImageFailure.NotFound, $"no image named '{name}' on the node: push it first (aurae image push)");
            lock (_pins)
                _pins[name] = _pins.GetValueOrDefault(name) + 1;
            return image;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Release(string name)
    {
        lock (_pins)
        {
            if (_pins.TryGetValue(name, out var count))
            {
                if (count <= 1)
                    _pins.Remove(name);
                else
                    _pins[name] = count - 1;
            }
        }
    }

    /// <summary>Forgets the image, and removes its layers that no other image uses.</summary>
    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        if (ImageName.Validate(name) is { } problem)
            throw new ImageException(ImageFailure.InvalidArgument, problem);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var record = RecordPath(name);
            if (!File.Exists(record))
                throw new ImageException(ImageFailure.NotFound, $"no image named '{name}'");
            int users;
            lock (_pins)
                users = _pins.GetValueOrDefault(name);
            if (users > 0)
                throw new ImageException(ImageFailure.InUse, $"image '{name}' is in use by {users} running container(s); stop them first");
            File.Delete(record);
            CollectUnusedLayers();
        }
        finally
        {
            _gate.Release();
        }
        ConsoleLog.Info("images", $"removed {name}");
    }

    private StoredImage Import(string archivePath, string name)
    {
        try
        {
            using var archive = ImageArchive.Open(archivePath, _limits, _layers.ScratchDirectory);
            var manifest = ImageManifestReader.Read(archive, _limits);
            var unpacked = _layers.Unpack(archive, manifest, _limits);
            var known = Records().SelectMany(i => i.Layers).GroupBy(l => l.ChainId).ToDictionary(g => g.Key, g => g.First());
            var layers = unpacked.Select((layer, i) =>
            {
                var chainId = layer.ChainId.ToString();
                var diffId = manifest.Layers[i].DiffId.ToString();
                if (!layer.Shared)
                    return new StoredImageLayer(chainId, diffId, layer.Applied.Bytes, layer.Applied.Entries);
                // Shared: what it holds was counted when it was unpacked, or is counted now.
                return known.TryGetValue(chainId, out var counted) ? counted with { DiffId = diffId } : Count(chainId, diffId, layer.Path);
            }).ToList();
            var image = new StoredImage(name, manifest.Format, manifest.ConfigDigest.ToString(), manifest.Config, layers);
            WriteRecord(image);
            return image;
        }
        catch
        {
            CollectUnusedLayers();
            throw;
        }
    }

    private static StoredImageLayer Count(string chainId, string diffId, string path)
    {
        long size = 0, entries = 0;
        foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            entries++;
            if (entry is FileInfo { LinkTarget: null } file)
                size += file.Length;
        }
        return new StoredImageLayer(chainId, diffId, size, entries);
    }

    private string RecordPath(string name) => Path.Combine(_records, name + RecordSuffix);

    private void WriteRecord(StoredImage image)
    {
        var temporary = RecordPath(image.Name) + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(image, StoredImageJsonContext.Default.StoredImage));
        File.Move(temporary, RecordPath(image.Name), overwrite: true);
    }

    private StoredImage? ReadRecord(string name)
    {
        var path = RecordPath(name);
        if (!File.Exists(path))
            return null;
        try
        {
            var image = JsonSerializer.Deserialize(File.ReadAllBytes(path), StoredImageJsonContext.Default.StoredImage);
            return image?.Name == name ? image : null;
        }
        catch (JsonException e)
        {
            ConsoleLog.Warn("images", $"{path}: unreadable image record ignored: {e.Message}");
            return null;
        }
    }

    private IEnumerable<StoredImage> Records()
    {
        foreach (var path in Directory.EnumerateFiles(_records, "*" + RecordSuffix))
        {
            StoredImage? image = null;
            try
            {
                image = JsonSerializer.Deserialize(File.ReadAllBytes(path), StoredImageJsonContext.Default.StoredImage);
            }
            catch (JsonException e)
            {
                ConsoleLog.Warn("images", $"{path}: unreadable image record ignored: {e.Message}");
            }
            if (image is not null)
                yield return image;
        }
    }

    /// <summary>Removes each layer no image record names.</summary>
    private void CollectUnusedLayers()
    {
        var used = Records().SelectMany(i => i.Layers).Select(l => l.ChainId).ToHashSet(StringComparer.Ordinal);
        foreach (var chainId in _layers.ChainIds().Where(c => !used.Contains(c.ToString())).ToList())
            _layers.Remove(chainId);
    }
}
