using System.Text.Json;
using Aurae.Composer.Outputs;

namespace Aurae.Composer.Measurement;

/// <summary>
/// NODE.pcr11.json beside the outputs that carry the UKI (uki, iso, raw-efi and the disks converted
/// from it): the PCR 11 the stub will leave, for sealing secrets to the node's image or checking its
/// attestation. Shape:
/// <code>
/// { "pcr": 11, "rules": "systemd-stub 252", "banks": { "sha256": "…", "sha1": "…" },
///   "stub": "systemd-stub 252.39-1~deb12u2",
///   "sections": [ { "name": ".linux", "size": 12345, "sha256": "…" }, … ] }
/// </code>
/// sections lists what was measured, in the order measured, so a mismatch can be traced to a section.
/// </summary>
public static class Pcr11PredictionFile
{
    public static string FileName(string nodeName) => $"{nodeName}.pcr11.json";

    /// <summary>Predicts PCR 11 for <paramref name="uki"/> and stages the file for <paramref name="nodeName"/>.</summary>
    public static void Write(StagedOutputDirectory output, string nodeName, ReadOnlyMemory<byte> uki)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var file = output.Create(FileName(nodeName));
        file.Write(Serialize(Pcr11Prediction.For(uki)));
    }

    /// <summary>The file's bytes: indented UTF-8 JSON ending in a newline.</summary>
    public static byte[] Serialize(Pcr11Prediction prediction) =>
        [.. JsonSerializer.SerializeToUtf8Bytes(prediction, Pcr11PredictionJsonContext.Default.Pcr11Prediction), (byte)'\n'];
}
