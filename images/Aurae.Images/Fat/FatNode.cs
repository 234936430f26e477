namespace Aurae.Images.Fat;

/// <summary>A node of the in-memory tree a FAT file system is built from.</summary>
internal abstract class FatNode(string name)
{
    /// <summary>The long name (empty for the root).</summary>
    public string Name { get; } = name;
}

/// <summary>A file and the caller's bytes for it (not copied; they must stay unchanged until written).</summary>
internal sealed class FatFileNode(string name, ReadOnlyMemory<byte> content) : FatNode(name)
{
    public ReadOnlyMemory<byte> Content { get; } = content;
}

/// <summary>A directory; children are kept sorted case-insensitively, the way FAT compares names.</summary>
internal sealed class FatDirectoryNode(string name) : FatNode(name)
{
    public SortedList<string, FatNode> Children { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A copy of this subtree, so a built file system no longer changes with its builder.</summary>
    public FatDirectoryNode DeepCopy()
    {
        var copy = new FatDirectoryNode(Name);
        foreach (FatNode child in Children.Values)
        {
            copy.Children.Add(child.Name, child is FatDirectoryNode directory ? directory.DeepCopy() : child);
        }

        return copy;
    }
}
