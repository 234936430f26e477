using System.Text.Json;

namespace Aurae.Cli.Attestation;

/// <summary>
/// The PCR 11 a node should have, from the composer's NODE.pcr11.json (<c>{"pcr": 11, "banks":
/// {"sha256": "…", "sha1": "…"}, …}</c>), given as the file or as the build directory holding it.
/// Read with JsonDocument: only two fields are needed, and the CLI is NativeAOT.
/// </summary>
internal static class Pcr11Expectation
{
    public const string Suffix = ".pcr11.json";

    /// <summary>
    /// The predicted sha256 PCR 11 for <paramref name="nodeName"/>: from the file, or from a
    /// directory's only *.pcr11.json, or (several there) from NODE.pcr11.json.
    /// </summary>
    public static string Sha256For(string path, string nodeName)
    {
        var file = path;
        if (Directory.Exists(path))
        {
            var files = Directory.GetFiles(path, "*" + Suffix);
            file = files.Length switch
            {
                0 => throw new FileNotFoundException($"no *{Suffix} in '{path}': is it a composer build directory with a UKI output?"),
                1 => files[0],
                _ => Path.Combine(path, nodeName + Suffix),
            };
        }
        if (!File.Exists(file))
            throw new FileNotFoundException($"'{file}' not found", file);
        return Read(File.ReadAllBytes(file), file);
    }

    /// <summary>banks.sha256 of a prediction, checked to be PCR 11 and 32 bytes of hex.</summary>
    public static string Read(ReadOnlyMemory<byte> json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (!root.TryGetProperty("pcr", out var pcr) || pcr.GetInt32() != AttestCheck.Pcr)
                throw new InvalidDataException($"'{source}' is not a PCR {AttestCheck.Pcr} prediction");
            var sha256 = root.GetProperty("banks").GetProperty("sha256").GetString() ?? "";
            if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
                throw new InvalidDataException($"'{source}': banks.sha256 '{sha256}' is not a SHA-256 digest in hex");
            return sha256.ToLowerInvariant();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"'{source}' is not a PCR 11 prediction file: {e.Message}", e);
        }
    }
}
