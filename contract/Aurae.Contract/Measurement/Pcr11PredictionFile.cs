using System.Text.Json;

namespace Aurae.Contract.Measurement;

/// <summary>
/// NODE.pcr11.json, the composer's PCR 11 prediction for a node, written beside the outputs that carry
/// its UKI and read back by `aurae node attest`. Shape:
/// <code>
/// { "pcr": 11, "rules": "systemd-stub 252", "banks": { "sha256": "…", "sha1": "…" },
///   "stub": "systemd-stub 252.39-1~deb12u2",
///   "sections": [ { "name": ".linux", "size": 12345, "sha256": "…" }, … ] }
/// </code>
/// The name, the PCR and the bytes are defined here once, so the writer and the reader cannot drift.
/// </summary>
public static class Pcr11PredictionFile
{
    /// <summary>
    /// The PCR predicted: TPM_PCR_INDEX_KERNEL_IMAGE (systemd v252 src/fundamental/tpm-pcr.h), the PCR
    /// systemd-stub measures a UKI's sections into.
    /// </summary>
    public const int Pcr = 11;

    /// <summary>How a prediction file's name ends; the node's name comes before it.</summary>
    public const string Suffix = ".pcr11.json";

    public static string FileName(string nodeName) => nodeName + Suffix;

    /// <summary>The file's bytes: indented UTF-8 JSON ending in a newline.</summary>
    public static byte[] Serialize(Pcr11Prediction prediction) =>
        [.. JsonSerializer.SerializeToUtf8Bytes(prediction, Pcr11PredictionJsonContext.Default.Pcr11Prediction), (byte)'\n'];
}
