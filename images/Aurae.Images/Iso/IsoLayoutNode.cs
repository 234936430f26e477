namespace Aurae.Images.Iso;

/// <summary>A file or directory of the image being laid out: its ISO identifier, Rock Ridge data and extent.</summary>
internal abstract class IsoLayoutNode(string name, UnixFileMode mode, IsoLayoutDirectory? parent)
{
    /// <summary>The original name, recorded in Rock Ridge NM; empty for the root.</summary>
    public string Name { get; } = name;

    public UnixFileMode Mode { get; } = mode;

    public IsoLayoutDirectory? Parent { get; } = parent;

    /// <summary>The ECMA-119 file or directory identifier.</summary>
    public byte[] Identifier { get; set; } = [];

    /// <summary>The Rock Ridge file serial number (PX).</summary>
    public uint SerialNumber { get; set; }

    /// <summary>First sector of the extent.</summary>
    public uint Lba { get; set; }

    /// <summary>Data Length of the directory record.</summary>
    public abstract uint DataLength { get; }

    public abstract bool IsDirectory { get; }

    /// <summary>Rock Ridge link count: 1 for files, 2 plus the subdirectories for directories.</summary>
    public abstract uint Links { get; }

    /// <summary>Path from the root, for messages.</summary>
    public string Path => Parent is null ? "/" : Parent.Parent is null ? Name : $"{Parent.Path}/{Name}";
}

/// <summary>A directory: its entries in ECMA-119 §9.3 order and its records.</summary>
internal sealed class IsoLayoutDirectory(string name, UnixFileMode mode, IsoLayoutDirectory? parent) : IsoLayoutNode(name, mode, parent)
{
    public List<IsoLayoutNode> Children { get; } = [];

    /// <summary>Directory number in the path table (§9.4.4), from 1 for the root.</summary>
    public ushort Number { get; set; }

    /// <summary>Records in extent order: ".", "..", then one per child.</summary>
    public List<IsoDirectoryRecordPlan> Records { get; } = [];

    public int ExtentSectors { get; set; }

    public override uint DataLength => (uint)(ExtentSectors * IsoBinary.SectorSize);

    public override bool IsDirectory => true;

    public override uint Links => 2 + (uint)Children.Count(child => child.IsDirectory);
}

/// <summary>A regular file: content from the tree, or the boot catalog the writer generates.</summary>
internal sealed class IsoLayoutFile(string name, UnixFileMode mode, IsoLayoutDirectory? parent, IsoFileContent? content)
    : IsoLayoutNode(name, mode, parent)
{
    /// <summary>The file's data; null for the boot catalog.</summary>
    public IsoFileContent? Content { get; } = content;

    public bool IsBootCatalog => Content is null;

    public override uint DataLength => Content is null ? IsoBinary.SectorSize : (uint)Content.Length;

    public override bool IsDirectory => false;

    public override uint Links => 1;
}
