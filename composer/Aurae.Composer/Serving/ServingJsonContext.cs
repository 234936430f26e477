using System.Text.Json.Serialization;

namespace Aurae.Composer.Serving;

/// <summary>The JSON serve reads and writes, source-generated (aurae-compose is NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenPayload))]
[JsonSerializable(typeof(MatchboxProfile))]
[JsonSerializable(typeof(MatchboxGroup))]
internal sealed partial class ServingJsonContext : JsonSerializerContext
{
    /// <summary>The same, indented: files people read (matchbox's JSON).</summary>
    public static ServingJsonContext Indented { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    });
}
