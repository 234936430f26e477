using System.Text.Json.Serialization;

namespace Aurae.Contract.Measurement;

/// <summary>
/// Source-generated JSON for the PCR 11 prediction (NativeAOT has no reflection serializer), snake_case
/// and indented as the file is written; the composer writes and the aurae CLI reads with this one context.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Pcr11Prediction))]
public sealed partial class Pcr11PredictionJsonContext : JsonSerializerContext;
