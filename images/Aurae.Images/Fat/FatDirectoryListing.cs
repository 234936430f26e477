namespace Aurae.Images.Fat;

/// <summary>
/// The entries of one directory as they will be stored: for a subdirectory "." and ".." first; for the root the
/// volume label first; then each child in name order, as its long-name entries (when needed) and its short entry.
/// </summary>
internal sealed class FatDirectoryListing
{
    /// <summary>A directory holds at most 65 536 entries (fatgen103 "FAT Directories": 2 MiB).</summary>
    public const int MaxEntries = 65536;

    /// <summary>A child with its short name and whether long-name entries must carry its real name.</summary>
    public readonly record struct Child(FatNode Node, FatShortName ShortName, bool HasLongName);

    public FatDirectoryListing(FatDirectoryNode directory, bool isRoot, FatShortName? volumeLabel, string path)
    {
        Directory = directory;
        IsRoot = isRoot;
        VolumeLabel = volumeLabel;
        IList<FatNode> nodes = directory.Children.Values;
        FatShortName[] shortNames = FatShortName.AssignUnique(nodes.Select(node => node.Name).ToArray());
        var children = new Child[nodes.Count];
        int entries = isRoot ? (volumeLabel is null ? 0 : 1) : 2;
        for (int i = 0; i < nodes.Count; i++)
        {
            bool hasLongName = FatShortName.Exact(nodes[i].Name) is null;
            children[i] = new Child(nodes[i], shortNames[i], hasLongName);
            entries += 1 + (hasLongName ? FatLongNameEntries.EntryCount(nodes[i].Name) : 0);
        }

        if (entries > MaxEntries)
        {
            throw new InvalidOperationException(
                $"Directory '{path}' needs {entries} directory entries; FAT allows at most {MaxEntries} (use fewer or shorter names).");
        }

        Children = children;
        EntryCount = entries;
    }

    public FatDirectoryNode Directory { get; }

    public bool IsRoot { get; }

    public FatShortName? VolumeLabel { get; }

    public IReadOnlyList<Child> Children { get; }

    /// <summary>Number of 32-byte entries used, long-name entries included.</summary>
    public int EntryCount { get; }

    /// <summary>Bytes the entries occupy.</summary>
    public long Length => (long)EntryCount * FatDirectoryEntry.Size;

    /// <summary>
    /// Encodes the listing into <paramref name="destination"/> (zeroed; its unused tail stays zero, which marks the end
    /// of the directory). <paramref name="firstCluster"/> gives each child's first cluster (0 for an empty file).
    /// </summary>
    public void Encode(Span<byte> destination, uint selfCluster, uint parentCluster, Func<FatNode, uint> firstCluster, FatTimestamp timestamp)
    {
        int offset = 0;
        if (IsRoot)
        {
            if (VolumeLabel is { } label)
            {
                new FatDirectoryEntry(label, FatAttributes.VolumeId, 0, 0, timestamp).Encode(destination[offset..]);
                offset += FatDirectoryEntry.Size;
            }
        }
        else
        {
            new FatDirectoryEntry(FatShortName.Dot, FatAttributes.Directory, selfCluster, 0, timestamp).Encode(destination[offset..]);
            offset += FatDirectoryEntry.Size;
            // A ".." that refers to the root holds 0, even on FAT32 where the root has a cluster (fatgen103).
            new FatDirectoryEntry(FatShortName.DotDot, FatAttributes.Directory, parentCluster, 0, timestamp).Encode(destination[offset..]);
            offset += FatDirectoryEntry.Size;
        }

        foreach (Child child in Children)
        {
            if (child.HasLongName)
            {
                FatLongNameEntries.Encode(child.Node.Name, child.ShortName.Checksum(), destination[offset..]);
                offset += FatLongNameEntries.EntryCount(child.Node.Name) * FatDirectoryEntry.Size;
            }

            FatDirectoryEntry entry = child.Node switch
            {
                FatFileNode file => new FatDirectoryEntry(child.ShortName, FatAttributes.Archive, firstCluster(file), (uint)file.Content.Length, timestamp),
                _ => new FatDirectoryEntry(child.ShortName, FatAttributes.Directory, firstCluster(child.Node), 0, timestamp),
            };
            entry.Encode(destination[offset..]);
            offset += FatDirectoryEntry.Size;
        }
    }
}
