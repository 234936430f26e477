using Aurae.Contract.Tpm;
using Aurae.Daemon.Firmware;

namespace Aurae.Daemon.Tpm;

/// <summary>
/// One answer to a client's attestation request: the PCRs and a quote of them over its nonce, or
/// why there is none (<see cref="TpmProblem"/>), and the Secure Boot state either way.
/// </summary>
public sealed record Attestation(
    bool TpmPresent,
    string TpmProblem,
    IReadOnlyList<PcrValue> Pcrs,
    byte[] AttestationKeyPublic,
    TpmQuote? Quote,
    SecureBootReading SecureBoot)
{
    public static Attestation Without(bool tpmPresent, string problem, SecureBootReading secureBoot) =>
        new(tpmPresent, problem, [], [], null, secureBoot);
}
