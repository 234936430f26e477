using System.Text.Json.Serialization;

namespace Aurae.Contract.Measurement;

/// <summary>
/// NODE.pcr11.json as a record: PCR 11 as systemd-stub leaves it after measuring a node's UKI, what a
/// TPM-sealed secret or a remote attestation policy for the node is written against. The composer
/// computes and writes it; the aurae CLI reads it to judge a node's quote. Here, in the contract, so
/// that both read and write one shape (<see cref="Pcr11PredictionFile"/>).
/// </summary>
/// <param name="Pcr">The PCR predicted, so the file says what it is: <see cref="Pcr11PredictionFile.Pcr"/>.</param>
/// <param name="Rules">Whose measurement rules the prediction follows (the stub carried may be another build of them), e.g. "systemd-stub 252".</param>
/// <param name="Stub">The stub the UKI carries, from its .sdmagic LoaderInfo, e.g. "systemd-stub 252.39-1~deb12u2".</param>
/// <param name="Sections">What was measured, in the order measured, so a mismatch can be traced to a section.</param>
public sealed record Pcr11Prediction(
    [property: JsonPropertyOrder(0)] int Pcr,
    [property: JsonPropertyOrder(1)] string Rules,
    [property: JsonPropertyOrder(2)] Pcr11Banks Banks,
    [property: JsonPropertyOrder(3)] string Stub,
    [property: JsonPropertyOrder(4)] IReadOnlyList<MeasuredSection> Sections);
