using System.Text.Json.Serialization;

namespace Aurae.Serve.Matchbox;

/// <summary>matchbox's JSON, source-generated (aurae-compose is NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MatchboxProfile))]
[JsonSerializable(typeof(MatchboxGroup))]
internal sealed partial class MatchboxJsonContext : JsonSerializerContext
{
    /// <summary>The same, indented: files people read.</summary>
    public static MatchboxJsonContext Indented { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    });
}
