using System.Security.Cryptography;
using Aurae.Api.Node.V0;
using Aurae.Contract.Measurement;
using Aurae.Contract.Tpm;

namespace Aurae.Cli.Attestation;

/// <summary>
/// Judges a node's AttestResponse: the quote must verify (<see cref="QuoteVerifier"/>: the
/// attestation key's signature, this nonce, the reported PCRs' digest) before its PCR 11 is
/// compared with the prediction; an unverified PCR 11 is never reported as a match or mismatch.
/// </summary>
internal static class AttestCheck
{
    public static AttestOutcome Judge(AttestResponse response, ReadOnlySpan<byte> nonce, string expectedSha256)
    {
        var expected = expectedSha256.ToLowerInvariant();
        AttestOutcome Unverified(string reason) => new(AttestVerdict.Unverified, expected, "", response.SecureBoot, reason);
        if (!response.TpmPresent)
            return Unverified($"no TPM: {response.TpmProblem}");
        if (response.QuoteAttest.IsEmpty)
            return Unverified($"no quote: {(response.TpmProblem.Length == 0 ? "the node sent none" : response.TpmProblem)}");
        var pcrs = new List<PcrValue>(response.Pcrs.Count);
        foreach (var pcr in response.Pcrs)
        {
            // The verifier compares what the quote covers with what was reported: an unknown bank cannot be covered.
            if (pcr.Bank != "sha256")
                return Unverified($"the node reported PCR {pcr.Bank}:{pcr.Index}, a bank this client does not check");
            pcrs.Add(new PcrValue(TpmAlgorithm.Sha256, (int)pcr.Index, pcr.Digest.ToByteArray()));
        }
        var verdict = QuoteVerifier.Verify(response.AttestationKeyPublic.Memory,
            new TpmQuote(response.QuoteAttest.ToByteArray(), response.QuoteSignature.ToByteArray()), nonce, pcrs);
        if (!verdict.Accepted)
            return Unverified($"the quote does not verify ({verdict.Failure}): {verdict.Reason}");
        if (pcrs.FirstOrDefault(p => p.Index == Pcr11PredictionFile.Pcr) is not { } quoted)
            return Unverified($"the quote does not cover PCR {Pcr11PredictionFile.Pcr}");
        var actual = Convert.ToHexStringLower(quoted.Digest);
        var matches = CryptographicOperations.FixedTimeEquals(quoted.Digest, Convert.FromHexString(expected));
        return new(matches ? AttestVerdict.Match : AttestVerdict.Mismatch, expected, actual, response.SecureBoot, "");
    }
}
