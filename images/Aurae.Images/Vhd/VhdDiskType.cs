namespace Aurae.Images.Vhd;

/// <summary>The footer's Disk Type field (specification, "Hard Disk Footer Format").</summary>
internal enum VhdDiskType : uint
{
    /// <summary>The raw data followed by the footer.</summary>
    Fixed = 2,

    /// <summary>Header, block allocation table and blocks allocated on demand.</summary>
    Dynamic = 3,
}
