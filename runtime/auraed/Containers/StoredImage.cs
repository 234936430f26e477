using System.Text.Json.Serialization;
using Aurae.Contract.Oci;

namespace Aurae.Daemon.Containers;

/// <summary>An image the node holds: what its archive said, and its layers as unpacked (lowest first).</summary>
public sealed record StoredImage(
    string Name,
    string Format,
    string ConfigDigest,
    ImageConfig Config,
    IReadOnlyList<StoredImageLayer> Layers)
{
    /// <summary>Bytes of files in all its layers.</summary>
    [JsonIgnore]
    public long Size => Layers.Sum(l => l.Size);
}

/// <summary>One layer of a stored image: its chain ID (the directory it is in) and diff ID, and what it holds.</summary>
public sealed record StoredImageLayer(string ChainId, string DiffId, long Size, long Entries);

/// <summary>Image records as JSON, source-generated (the daemon is NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(StoredImage))]
internal sealed partial class StoredImageJsonContext : JsonSerializerContext;
