using System.Text.Json.Serialization;

namespace Aurae.Serve.Enrollment;

/// <summary>The JSON of enrollment (bootstrap tokens), source-generated (aurae-compose is NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenPayload))]
internal sealed partial class ServingJsonContext : JsonSerializerContext;
