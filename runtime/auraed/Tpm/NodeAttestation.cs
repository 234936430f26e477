using System.Security.Cryptography;
using Aurae.Contract.Tpm;
using Aurae.Daemon.Failures;
using Aurae.Daemon.Firmware;

namespace Aurae.Daemon.Tpm;

/// <summary>
/// What NodeService.Attest answers from: the sha256 PCRs 0–23, a quote of them over the client's
/// nonce with the node's attestation key, and the Secure Boot state. The TPM is opened and the
/// key made in the background at boot (<see cref="Start"/>); a call before that is done awaits it.
/// </summary>
public sealed class NodeAttestation(Task<AttestationTpm> tpm, Func<SecureBootReading> secureBoot)
{
    /// <summary>The PC Client PCRs of the bank every TPM 2.0 has and PCR 11 predictions are written for.</summary>
    public static readonly PcrSelection Quoted = PcrSelection.All(TpmAlgorithm.Sha256);

    /// <summary>How often a read and a quote are retried when a PCR was extended between them.</summary>
    private const int QuoteAttempts = 3;

    /// <summary>
    /// Opens <paramref name="devicePath"/> and makes the key in the background, so boot and the API
    /// do not wait for the TPM; once <paramref name="driversLoaded"/> completes, since the TPM's
    /// driver may be one of the boot modules (they load beside the API's start).
    /// </summary>
    public static NodeAttestation Start(string devicePath, string efiRoot, Task driversLoaded, CancellationToken cancellationToken) =>
        new(OpenAfterAsync(driversLoaded, devicePath, cancellationToken), () => SecureBootVariable.Read(efiRoot));

    private static async Task<AttestationTpm> OpenAfterAsync(Task driversLoaded, string devicePath, CancellationToken cancellationToken)
    {
        await driversLoaded.ConfigureAwait(false);
        return await Task.Run(() => AttestationTpm.OpenAsync(devicePath, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the PCRs, then quotes them. The client checks the values against the quote's
    /// pcrDigest, so a PCR extended in between would fail there: this checks first and reads again.
    /// </summary>
    public async Task<Attestation> AttestAsync(ReadOnlyMemory<byte> nonce, CancellationToken cancellationToken)
    {
        if (nonce.Length is 0 or > TpmQuote.MaxNonceSize)
            throw FailureException.Invalid($"the nonce is {nonce.Length} bytes: it must be 1 to {TpmQuote.MaxNonceSize}");
        // The TPM opens after the boot modules, efivarfs's mount among them: read Secure Boot after it.
        var node = await tpm.WaitAsync(cancellationToken).ConfigureAwait(false);
        var secureBootState = secureBoot();
        if (node.Client is not { } client || node.Key is not { } key)
            return Attestation.Without(node.Present, node.Problem, secureBootState);
        try
        {
            for (var attempt = 0; attempt < QuoteAttempts; attempt++)
            {
                var pcrs = await client.ReadPcrsAsync(Quoted, cancellationToken).ConfigureAwait(false);
                var quote = await key.QuoteAsync(nonce, Quoted, cancellationToken).ConfigureAwait(false);
                if (Covers(quote, pcrs))
                    return new Attestation(true, "", pcrs, key.Public, quote, secureBootState);
            }
        }
        catch (Exception e) when (e is TpmException or TpmFormatException or IOException)
        {
            return Attestation.Without(true, $"the TPM failed to read or quote the PCRs: {e.Message}", secureBootState);
        }
        throw new FailureException(FailureKind.Fault, $"the PCRs changed between reading and quoting them {QuoteAttempts} times running");
    }

    /// <summary>Whether the quote's pcrDigest is the hash of these values (Part 3 §18.4.1: concatenated in index order).</summary>
    private static bool Covers(TpmQuote quote, IReadOnlyList<PcrValue> pcrs)
    {
        var attest = TpmsAttest.Parse(quote.Attest);
        var digest = TpmHash.Compute(TpmAlgorithm.Sha256, [.. pcrs.SelectMany(p => p.Digest)]);
        return CryptographicOperations.FixedTimeEquals(digest, attest.PcrDigest.Span);
    }
}
