namespace Aurae.Images.Vmdk;

/// <summary>The type of a metadata marker in a stream-optimized extent (Virtual Disk Format 5.0, "Markers").</summary>
internal enum VmdkMarkerType : uint
{
    /// <summary>MARKER_EOS: the end of the stream; the whole marker sector is zero.</summary>
    EndOfStream = 0,

    /// <summary>MARKER_GT: a grain table follows.</summary>
    GrainTable = 1,

    /// <summary>MARKER_GD: the grain directory follows.</summary>
    GrainDirectory = 2,

    /// <summary>MARKER_FOOTER: the footer (a copy of the header with the real gdOffset) follows.</summary>
    Footer = 3,
}
