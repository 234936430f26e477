namespace Aurae.Images.Fat;

/// <summary>
/// A snapshot of the tree with every directory's listing worked out, so the space it needs can be computed for
/// any cluster size before a geometry is chosen.
/// </summary>
internal sealed class FatContent
{
    private readonly Dictionary<FatDirectoryNode, FatDirectoryListing> _listings = new(ReferenceEqualityComparer.Instance);

    public FatContent(FatDirectoryNode root, FatShortName? volumeLabel)
    {
        Root = root;
        VolumeLabel = volumeLabel;
        AddListings(root, isRoot: true, "/");
    }

    public FatDirectoryNode Root { get; }

    public FatShortName? VolumeLabel { get; }

    public FatDirectoryListing RootListing => _listings[Root];

    public FatDirectoryListing ListingOf(FatDirectoryNode directory) => _listings[directory];

    /// <summary>
    /// Clusters of <paramref name="clusterBytes"/> needed by every file and subdirectory, and by the root directory
    /// when it lives in the data area (<paramref name="rootInClusters"/>, FAT32; it then takes at least one cluster).
    /// </summary>
    public long ClustersNeeded(int clusterBytes, bool rootInClusters)
    {
        long clusters = 0;
        foreach (FatDirectoryListing listing in _listings.Values)
        {
            if (!listing.IsRoot)
            {
                clusters += ClustersFor(listing.Length, clusterBytes);
            }
            else if (rootInClusters)
            {
                clusters += Math.Max(1, ClustersFor(listing.Length, clusterBytes));
            }

            foreach (FatDirectoryListing.Child child in listing.Children)
            {
                if (child.Node is FatFileNode file)
                {
                    clusters += ClustersFor(file.Content.Length, clusterBytes);
                }
            }
        }

        return clusters;
    }

    public static long ClustersFor(long bytes, int clusterBytes) => (bytes + clusterBytes - 1) / clusterBytes;

    private void AddListings(FatDirectoryNode directory, bool isRoot, string path)
    {
        _listings.Add(directory, new FatDirectoryListing(directory, isRoot, isRoot ? VolumeLabel : null, path));
        foreach (FatNode child in directory.Children.Values)
        {
            if (child is FatDirectoryNode subdirectory)
            {
                AddListings(subdirectory, isRoot: false, path + child.Name + "/");
            }
        }
    }
}
