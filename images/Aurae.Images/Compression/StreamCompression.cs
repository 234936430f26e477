namespace Aurae.Images.Compression;

/// <summary>
/// A compression applied to a whole stream (a .deb member, a module file), named by its
/// customary file-name suffix. Read-side only; what the composer writes is Aurae.Images.Compression.
/// </summary>
public enum StreamCompression
{
    /// <summary>Not compressed.</summary>
    None,

    /// <summary>gzip (RFC 1952), suffix ".gz".</summary>
    Gzip,

    /// <summary>xz (the .xz file format of XZ Utils), suffix ".xz".</summary>
    Xz,

    /// <summary>Zstandard (RFC 8878), suffix ".zst".</summary>
    Zstd,

    /// <summary>bzip2, suffix ".bz2".</summary>
    Bzip2,
}
