using System.Text.Json;
using Aurae.Contract.Measurement;

namespace Aurae.Cli.Attestation;

/// <summary>
/// The PCR 11 a node should have, from the composer's NODE.pcr11.json (<see cref="Pcr11PredictionFile"/>),
/// given as the file or as the build directory holding it. Read with the contract's source-generated
/// context (the CLI is NativeAOT), the same one the composer writes with, so the two cannot drift.
/// </summary>
internal static class Pcr11Expectation
{
    /// <summary>
    /// The predicted sha256 PCR 11 for <paramref name="nodeName"/>: from the file, or from a
    /// directory's only *.pcr11.json, or (several there) from NODE.pcr11.json.
    /// </summary>
    public static string Sha256For(string path, string nodeName)
    {
        var file = path;
        if (Directory.Exists(path))
        {
            var files = Directory.GetFiles(path, "*" + Pcr11PredictionFile.Suffix);
            file = files.Length switch
            {
                0 => throw new FileNotFoundException($"no *{Pcr11PredictionFile.Suffix} in '{path}': is it a composer build directory with a UKI output?"),
                1 => files[0],
                _ => Path.Combine(path, Pcr11PredictionFile.FileName(nodeName)),
            };
        }
        if (!File.Exists(file))
            throw new FileNotFoundException($"'{file}' not found", file);
        return Read(File.ReadAllBytes(file), file);
    }

    /// <summary>banks.sha256 of a prediction, checked to be PCR 11 and 32 bytes of hex.</summary>
    public static string Read(ReadOnlyMemory<byte> json, string source)
    {
        Pcr11Prediction? prediction;
        try
        {
            prediction = JsonSerializer.Deserialize(json.Span, Pcr11PredictionJsonContext.Default.Pcr11Prediction);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{source}' is not a PCR {Pcr11PredictionFile.Pcr} prediction file: {e.Message}", e);
        }
        if (prediction is null)
            throw new InvalidDataException($"'{source}' is not a PCR {Pcr11PredictionFile.Pcr} prediction file: it is JSON null");
        if (prediction.Pcr != Pcr11PredictionFile.Pcr)
            throw new InvalidDataException($"'{source}' is not a PCR {Pcr11PredictionFile.Pcr} prediction");
        if (prediction.Banks?.Sha256 is not { } sha256)
            throw new InvalidDataException($"'{source}' is not a PCR {Pcr11PredictionFile.Pcr} prediction file: it has no banks.sha256");
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
            throw new InvalidDataException($"'{source}': banks.sha256 '{sha256}' is not a SHA-256 digest in hex");
        return sha256.ToLowerInvariant();
    }
}
