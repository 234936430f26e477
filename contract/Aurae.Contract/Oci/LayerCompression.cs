namespace Aurae.Contract.Oci;

/// <summary>How a layer's tar is compressed (image-spec layer.md media types; docker save writes plain tars).</summary>
public enum LayerCompression
{
    None,
    Gzip,
    Zstd,

    /// <summary>Not said (docker save): known by the first bytes.</summary>
    Detect,
}
