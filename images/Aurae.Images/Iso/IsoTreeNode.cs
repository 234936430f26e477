namespace Aurae.Images.Iso;

/// <summary>An entry of the tree collected by <see cref="IsoImageBuilder"/>, under its original name.</summary>
internal abstract class IsoTreeNode(string name, UnixFileMode mode)
{
    public string Name { get; } = name;

    /// <summary>Permission bits recorded in Rock Ridge PX.</summary>
    public UnixFileMode Mode { get; set; } = mode;
}

/// <summary>A directory; created implicitly as a parent, or explicitly by <see cref="IsoImageBuilder.AddDirectory"/>.</summary>
internal sealed class IsoTreeDirectory(string name, UnixFileMode mode, bool isExplicit) : IsoTreeNode(name, mode)
{
    public Dictionary<string, IsoTreeNode> Children { get; } = new(StringComparer.Ordinal);

    public bool IsExplicit { get; set; } = isExplicit;
}

/// <summary>A regular file and its content.</summary>
internal sealed class IsoTreeFile(string name, UnixFileMode mode, IsoFileContent content) : IsoTreeNode(name, mode)
{
    public IsoFileContent Content { get; } = content;
}
