using Aurae.Daemon.Logging;
using Aurae.Daemon.Native;
using Aurae.Contract.Oci;
using Aurae.Daemon.Sandbox;

namespace Aurae.Daemon.Containers;

/// <summary>
/// Containers' roots: an image's layers, owned by the cell's ids (<see cref="ShiftedTreeCopy"/>,
/// made once per cell and layer and shared by that cell's containers), under a writable overlayfs
/// layer of the container's own, which goes when the container does:
/// <code>
/// ROOT/layers/SLOT/CHAINID   a layer in the ids of the cell holding id range SLOT
/// ROOT/run/ID/{upper,work}   a container's writable layer and overlayfs's work directory
/// ROOT/run/ID/rootfs         the overlayfs mount: the container's root
/// ROOT/tmp/                  layers being copied; emptied at start
/// </code>
/// A slot's copies stay when its cell is freed: they hold only image content, the next cell given
/// that slot has the same ids, and removing an image removes its copies.
/// </summary>
public sealed class ContainerRoots
{
    private readonly ImageStore images;
    private readonly string layers;
    private readonly string running;
    private readonly string temporary;
    private readonly SemaphoreSlim copying = new(1, 1);

    private ContainerRoots(ImageStore images, string root)
    {
        this.images = images;
        layers = Path.Combine(root, "layers");
        running = Path.Combine(root, "run");
        temporary = Path.Combine(root, "tmp");
    }

    /// <summary>Opens the tree at <paramref name="root"/>, removing what an earlier run left (no container outlives its daemon).</summary>
    public static ContainerRoots Open(ImageStore images, string root)
    {
        var roots = new ContainerRoots(images, Path.GetFullPath(root));
        foreach (var directory in new[] { roots.running, roots.temporary })
        {
            if (Directory.Exists(directory))
            {
                foreach (var leftover in Directory.EnumerateDirectories(directory))
                {
                    LibC.umount2(Path.Combine(leftover, "rootfs"), MountFlags.Detach);
                    Directory.Delete(leftover, recursive: true);
                }
            }
            Directory.CreateDirectory(directory);
        }
        Directory.CreateDirectory(roots.layers);
        // The workload's setup runs as the cell's root, nobody on the node: it must reach rootfs.
        foreach (var directory in new[] { root, roots.running })
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        return roots;
    }

    /// <summary>Mounts a root for a container of image <paramref name="imageName"/> in the cell holding <paramref name="ids"/>.</summary>
    /// <exception cref="ImageException">No such image (NotFound), or a malformed name.</exception>
    public async Task<ContainerRoot> CreateAsync(string imageName, IdRange ids, CancellationToken cancellationToken)
    {
        var image = await images.AcquireAsync(imageName, cancellationToken);
        var directory = Path.Combine(running, Guid.NewGuid().ToString("N"));
        try
        {
            var lowers = new List<string>();
            foreach (var layer in image.Layers)
                lowers.Add(await ShiftedLayerAsync(layer.ChainId, ids, cancellationToken));
            lowers.Reverse(); // overlayfs takes the topmost first
            var upper = Path.Combine(directory, "upper");
            var work = Path.Combine(directory, "work");
            var rootfs = Path.Combine(directory, "rootfs");
            foreach (var made in new[] { upper, work, rootfs })
                Directory.CreateDirectory(made);
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            // The merged root's owner and mode are the upper directory's: the cell's root, as the image's top.
            if (LibC.lchown(upper, (int)ids.First, (int)ids.First) < 0)
                throw new IOException($"cannot give '{upper}' to the cell: {LibC.Describe(LibC.LastError)}");
            File.SetUnixFileMode(upper, (UnixFileMode)0b111_101_101);
            var options = $"lowerdir={string.Join(':', lowers)},upperdir={upper},workdir={work},index=off,redirect_dir=off,metacopy=off";
            if (options.Length >= 4096)
                throw new ImageException(ImageFailure.ResourceExhausted, $"image '{imageName}' has too many layers for one overlayfs mount");
            if (LibC.mount("overlay", rootfs, "overlay", MountFlags.NoSuid | MountFlags.NoDev, options) < 0)
                throw new IOException($"cannot mount the root of a container of '{imageName}' (overlayfs): {LibC.Describe(LibC.LastError)}");
            return new ContainerRoot(image, rootfs, directory, this);
        }
        catch
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
            images.Release(imageName);
            throw;
        }
    }

    /// <summary>Unmounts the root, discards its writable layer and unpins its image.</summary>
    internal void Release(ContainerRoot root)
    {
        try
        {
            if (LibC.umount2(root.Path, 0) < 0)
                LibC.umount2(root.Path, MountFlags.Detach);
            Directory.Delete(root.Directory, recursive: true);
        }
        catch (IOException e)
        {
            ConsoleLog.Warn("containers", $"cannot remove the writable layer '{root.Directory}': {e.Message}");
        }
        finally
        {
            images.Release(root.Image.Name);
        }
    }

    /// <summary>Removes the cells' copies of layers no image holds any more (after an image is removed).</summary>
    public async Task CollectAsync(CancellationToken cancellationToken)
    {
        var live = (await images.ListAsync(cancellationToken)).SelectMany(i => i.Layers).Select(l => ChainHex(l.ChainId)).ToHashSet();
        await copying.WaitAsync(cancellationToken);
        try
        {
            foreach (var slot in Directory.EnumerateDirectories(layers))
                foreach (var copy in Directory.EnumerateDirectories(slot).Where(c => !live.Contains(System.IO.Path.GetFileName(c))))
                    Directory.Delete(copy, recursive: true);
        }
        finally
        {
            copying.Release();
        }
    }

    // Image records hold chain IDs the store wrote ("sha256:" + hex); one that is not is a corrupt record.
    private static string ChainHex(string chainId) =>
        Digest.TryParse(chainId)?.Hex ?? throw new InvalidDataException($"image record names layer '{chainId}', not a sha256 digest");

    private async Task<string> ShiftedLayerAsync(string chainId, IdRange ids, CancellationToken cancellationToken)
    {
        var hex = ChainHex(chainId);
        var target = Path.Combine(layers, ids.Slot.ToString(System.Globalization.CultureInfo.InvariantCulture), hex);
        if (Directory.Exists(target))
            return target;
        await copying.WaitAsync(cancellationToken);
        try
        {
            if (Directory.Exists(target))
                return target;
            var partial = Path.Combine(temporary, $"{ids.Slot}-{hex}");
            if (Directory.Exists(partial))
                Directory.Delete(partial, recursive: true);
            var source = images.Layers.LayerPath(Digest.TryParse(chainId)!.Value);
            await Task.Run(() => ShiftedTreeCopy.Copy(source, partial, ids), cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(partial, target);
            ConsoleLog.Info("containers", $"layer {hex[..12]} copied into the ids of cell slot {ids.Slot} ({ids})");
            return target;
        }
        finally
        {
            copying.Release();
        }
    }
}

/// <summary>A container's mounted root (<see cref="Path"/>), from <see cref="Image"/>; dispose to discard it.</summary>
public sealed class ContainerRoot : IAsyncDisposable
{
    private readonly ContainerRoots owner;
    private int released;

    internal ContainerRoot(StoredImage image, string path, string directory, ContainerRoots owner)
    {
        Image = image;
        Path = path;
        Directory = directory;
        this.owner = owner;
    }

    public StoredImage Image { get; }

    public string Path { get; }

    internal string Directory { get; }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
            owner.Release(this);
        return ValueTask.CompletedTask;
    }
}
