using System.Text.Json.Serialization;

namespace Aurae.Contract.Manifest;

/// <summary>Source-generated JSON for the manifest (NativeAOT has no reflection serializer), snake_case as the file is written.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(NodeManifest))]
public sealed partial class NodeManifestJsonContext : JsonSerializerContext;
