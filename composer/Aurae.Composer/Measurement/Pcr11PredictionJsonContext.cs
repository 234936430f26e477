using System.Text.Json.Serialization;

namespace Aurae.Composer.Measurement;

/// <summary>Source-generated JSON for the PCR 11 prediction (NativeAOT has no reflection serializer).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Pcr11Prediction))]
public sealed partial class Pcr11PredictionJsonContext : JsonSerializerContext;
