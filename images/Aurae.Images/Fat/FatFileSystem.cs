using Aurae.Images.IO;

namespace Aurae.Images.Fat;

/// <summary>
/// A FAT volume laid out and ready to write: made by <see cref="FatFileSystemBuilder"/>, it records the chosen
/// type and geometry, and <see cref="WriteTo"/> emits the image sequentially, byte-identical for identical inputs.
/// </summary>
public sealed class FatFileSystem
{
    /// <summary>Bytes per sector of every volume written here.</summary>
    public const int SectorSize = FatGeometry.BytesPerSector;


    private readonly FatContent _content;
    private readonly FatGeometry _geometry;
    private readonly uint _volumeId;
    private readonly FatShortName _bootSectorLabel;
    private readonly FatTimestamp _timestamp;
    private readonly List<(FatNode Node, FatTable.Run Run)> _allocations = [];
    private readonly Dictionary<FatNode, uint> _firstClusters = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<FatDirectoryNode, FatDirectoryNode> _parents = new(ReferenceEqualityComparer.Instance);
    private readonly uint _usedClusters;

    internal FatFileSystem(FatContent content, FatGeometry geometry, uint volumeId, FatShortName bootSectorLabel, FatTimestamp timestamp)
    {
        _content = content;
        _geometry = geometry;
        _volumeId = volumeId;
        _bootSectorLabel = bootSectorLabel;
        _timestamp = timestamp;
        uint next = FatTable.FirstDataCluster;
        Allocate(content.Root, ref next);
        _usedClusters = next - FatTable.FirstDataCluster;
        if (_usedClusters > geometry.ClusterCount)
        {
            throw new InvalidOperationException($"Internal sizing error: {_usedClusters} clusters used of {geometry.ClusterCount}.");
        }
    }

    /// <summary>FAT12, FAT16 or FAT32, as the cluster count dictates.</summary>
    public FatType Type => _geometry.Type;

    /// <summary>Size of the volume in 512-byte sectors (BPB total sectors).</summary>
    public long TotalSectors => _geometry.TotalSectors;

    /// <summary>Size of the image <see cref="WriteTo"/> writes, in bytes.</summary>
    public long Length => _geometry.TotalSectors * SectorSize;

    /// <summary>BPB_SecPerClus.</summary>
    public int SectorsPerCluster => _geometry.SectorsPerCluster;

    /// <summary>Number of data clusters (the count that decides the type).</summary>
    public long ClusterCount => _geometry.ClusterCount;

    /// <summary>Data clusters not used by the content.</summary>
    public long FreeClusterCount => _geometry.ClusterCount - _usedClusters;

    /// <summary>BPB_HiddSec: sectors preceding the volume on its disk (the partition's start LBA), 0 for a bare image.</summary>
    public uint HiddenSectors => _geometry.HiddenSectors;

    /// <summary>Writes the whole volume, <see cref="Length"/> bytes, to <paramref name="output"/> in order (no seeking).</summary>
    public void WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream must be writable.", nameof(output));
        }

        var writer = new CountingWriter(output);
        WriteReservedRegion(writer);

        byte[] fatPrefix = new FatTable(Type, _allocations.Select(a => a.Run).ToArray(), _usedClusters).EncodeUsedPrefix();
        for (int copy = 0; copy < FatGeometry.FatCount; copy++)
        {
            writer.Write(fatPrefix);
            writer.WriteZeros((_geometry.FatSectors * SectorSize) - fatPrefix.Length);
        }

        if (Type != FatType.Fat32)
        {
            var root = new byte[_geometry.RootDirectorySectors * SectorSize];
            _content.RootListing.Encode(root, 0, 0, FirstClusterOf, _timestamp);
            writer.Write(root);
        }

        foreach ((FatNode node, FatTable.Run run) in _allocations)
        {
            long runBytes = (long)run.Count * _geometry.ClusterBytes;
            if (node is FatFileNode file)
            {
                writer.Write(file.Content.Span);
                writer.WriteZeros(runBytes - file.Content.Length);
            }
            else
            {
                var directory = (FatDirectoryNode)node;
                var bytes = new byte[runBytes];
                _content.ListingOf(directory).Encode(bytes, run.First, ParentClusterOf(directory), FirstClusterOf, _timestamp);
                writer.Write(bytes);
            }
        }

        writer.WriteZeros(Length - writer.Written);
        if (writer.Written != Length)
        {
            throw new InvalidOperationException($"Internal layout error: wrote {writer.Written} bytes of {Length}.");
        }
    }

    private void WriteReservedRegion(CountingWriter writer)
    {
        var bootSector = new byte[SectorSize];
        new FatBootSector(_geometry, _volumeId, _bootSectorLabel).Encode(bootSector);
        writer.Write(bootSector);
        if (Type != FatType.Fat32)
        {
            writer.WriteZeros((_geometry.ReservedSectors - 1) * SectorSize);
            return;
        }

        var fsInfo = new byte[SectorSize];
        uint nextFree = FreeClusterCount > 0 ? FatTable.FirstDataCluster + _usedClusters : FatFsInfo.Unknown;
        new FatFsInfo((uint)FreeClusterCount, nextFree).Encode(fsInfo);
        writer.Write(fsInfo);
        // Sectors 2-5 unused; the backup boot sector at 6 is followed by a backup FSInfo at 7, as Windows and mkfs.fat write.
        writer.WriteZeros((FatBootSector.BackupBootSector - FatBootSector.FsInfoSector - 1) * SectorSize);
        writer.Write(bootSector);
        writer.Write(fsInfo);
        writer.WriteZeros((_geometry.ReservedSectors - FatBootSector.BackupBootSector - 2) * SectorSize);
    }

    /// <summary>Contiguous, depth-first allocation in name order: a directory, then its children (subtrees inline).</summary>
    private void Allocate(FatDirectoryNode directory, ref uint next)
    {
        FatDirectoryListing listing = _content.ListingOf(directory);
        if (!listing.IsRoot || Type == FatType.Fat32)
        {
            uint count = (uint)Math.Max(1, FatContent.ClustersFor(listing.Length, _geometry.ClusterBytes));
            AddRun(directory, ref next, count);
        }

        foreach (FatDirectoryListing.Child child in listing.Children)
        {
            if (child.Node is FatDirectoryNode subdirectory)
            {
                _parents[subdirectory] = directory;
                Allocate(subdirectory, ref next);
            }
            else
            {
                var file = (FatFileNode)child.Node;
                uint count = (uint)FatContent.ClustersFor(file.Content.Length, _geometry.ClusterBytes);
                if (count > 0)
                {
                    AddRun(file, ref next, count);
                }
            }
        }
    }

    private void AddRun(FatNode node, ref uint next, uint count)
    {
        _allocations.Add((node, new FatTable.Run(next, count)));
        _firstClusters.Add(node, next);
        next += count;
    }

    /// <summary>First cluster of a node; 0 for an empty file (fatgen103) and for the FAT12/16 root.</summary>
    private uint FirstClusterOf(FatNode node) => _firstClusters.GetValueOrDefault(node);

    /// <summary>The ".." cluster: 0 when the parent is the root, whatever the type (fatgen103); unused for the root itself.</summary>
    private uint ParentClusterOf(FatDirectoryNode directory) =>
        _parents.TryGetValue(directory, out FatDirectoryNode? parent) && !ReferenceEquals(parent, _content.Root)
            ? FirstClusterOf(parent)
            : 0;

    /// <summary>Writes to the output and counts bytes, so the layout can be checked against <see cref="Length"/>.</summary>
    private sealed class CountingWriter(Stream output)
    {
        public long Written { get; private set; }

        public void Write(ReadOnlySpan<byte> data)
        {
            output.Write(data);
            Written += data.Length;
        }

        public void WriteZeros(long count)
        {
            if (count > 0)
            {
                ZeroFill.Write(output, count);
                Written += count;
            }
        }
    }
}
