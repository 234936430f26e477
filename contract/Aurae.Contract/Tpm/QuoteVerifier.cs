using System.Security.Cryptography;

namespace Aurae.Contract.Tpm;

/// <summary>
/// Checks a TPM2_Quote the node returned against what the client knows: the attestation key's
/// public area (TPMT_PUBLIC), the nonce it sent, and the PCR values the node reported beside the
/// quote. Accepts only when the key is a restricted TPM signing key, its ECDSA P-256 / SHA-256
/// signature holds over the attest bytes, the attest is a TPM-generated quote, its extraData is the
/// nonce, and its pcrDigest is the hash of the reported values in the quote's selection order.
/// Whether the key itself belongs to a genuine TPM (EK certificate, credential activation) is a
/// separate question this does not answer.
/// </summary>
public static class QuoteVerifier
{
    /// <summary>The attributes a key must have for its quotes to mean anything: the TPM made it, it cannot leave, and it signs only TPM-made digests.</summary>
    public const TpmObjectAttributes AttestationKeyAttributes =
        TpmObjectAttributes.Restricted | TpmObjectAttributes.Sign | TpmObjectAttributes.FixedTpm | TpmObjectAttributes.SensitiveDataOrigin;

    private const int P256FieldSize = 32;

    public static QuoteVerdict Verify(
        ReadOnlyMemory<byte> attestationKeyPublic,
        TpmQuote quote,
        ReadOnlySpan<byte> nonce,
        IReadOnlyList<PcrValue> reportedPcrs)
    {
        TpmtPublic key;
        TpmtSignature signature;
        try
        {
            key = TpmtPublic.Parse(attestationKeyPublic);
            signature = TpmtSignature.Parse(quote.Signature);
        }
        catch (TpmFormatException e)
        {
            return QuoteVerdict.Refuse(QuoteFailure.Malformed, e.Message);
        }

        if ((key.Attributes & AttestationKeyAttributes) != AttestationKeyAttributes || key.Curve != TpmEccCurve.NistP256)
            return QuoteVerdict.Refuse(QuoteFailure.NotAnAttestationKey, $"key attributes {key.Attributes}, curve 0x{(ushort)key.Curve:x4}: not a restricted TPM-made P-256 signing key");
        if (signature.Hash != TpmAlgorithm.Sha256 || (key.Scheme != TpmAlgorithm.Null && key.SchemeHash != signature.Hash))
            return QuoteVerdict.Refuse(QuoteFailure.WrongSignature, $"signed with {signature.Algorithm}/{signature.Hash}, the key's scheme is {key.Scheme}/{key.SchemeHash}");

        ECDsa ecdsa;
        byte[] p1363;
        try
        {
            ecdsa = key.ToECDsa();
            p1363 = signature.ToIeeeP1363(P256FieldSize);
        }
        catch (TpmFormatException e)
        {
            return QuoteVerdict.Refuse(QuoteFailure.Malformed, e.Message);
        }
        using (ecdsa)
        {
            if (!ecdsa.VerifyData(quote.Attest, p1363, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                return QuoteVerdict.Refuse(QuoteFailure.WrongSignature, "the signature does not verify with the attestation key over the attest bytes");
        }

        // Only now are the attest bytes the TPM's: read them.
        TpmsAttest attest;
        try
        {
            attest = TpmsAttest.Parse(quote.Attest);
        }
        catch (TpmFormatException e)
        {
            return QuoteVerdict.Refuse(QuoteFailure.NotAQuote, e.Message);
        }
        if (attest.Magic != TpmsAttest.GeneratedValue)
            return QuoteVerdict.Refuse(QuoteFailure.NotAQuote, $"magic 0x{attest.Magic:x8} is not TPM_GENERATED_VALUE");
        if (!CryptographicOperations.FixedTimeEquals(attest.ExtraData.Span, nonce))
            return QuoteVerdict.Refuse(QuoteFailure.WrongNonce, $"the quote is over nonce {Convert.ToHexStringLower(attest.ExtraData.Span)}, not the one sent");

        var ordered = new List<byte>();
        var covered = new HashSet<(TpmAlgorithm, int)>();
        var reported = new Dictionary<(TpmAlgorithm, int), byte[]>();
        foreach (var value in reportedPcrs)
            if (!reported.TryAdd((value.Bank, value.Index), value.Digest))
                return QuoteVerdict.Refuse(QuoteFailure.PcrSelectionMismatch, $"PCR {value.Bank}:{value.Index} reported twice");
        // Part 3 §18.4.1: the TPM concatenates the selected PCRs bank by bank, in the list's order,
        // each bank in ascending PCR index, and hashes that with the signing scheme's hash.
        foreach (var selection in attest.PcrSelections)
            foreach (var index in selection.Indices)
            {
                if (!reported.TryGetValue((selection.Hash, index), out var digest))
                    return QuoteVerdict.Refuse(QuoteFailure.PcrSelectionMismatch, $"the quote covers PCR {selection.Hash}:{index}, which was not reported");
                covered.Add((selection.Hash, index));
                ordered.AddRange(digest);
            }
        var uncovered = reported.Keys.FirstOrDefault(pcr => !covered.Contains(pcr));
        if (reported.Count != covered.Count)
            return QuoteVerdict.Refuse(QuoteFailure.PcrSelectionMismatch, $"PCR {uncovered.Item1}:{uncovered.Item2} was reported but the quote does not cover it");
        var expected = TpmHash.Compute(signature.Hash, [.. ordered]);
        if (!CryptographicOperations.FixedTimeEquals(expected, attest.PcrDigest.Span))
            return QuoteVerdict.Refuse(QuoteFailure.PcrDigestMismatch, $"the reported PCR values hash to {Convert.ToHexStringLower(expected)}, the quote signed {Convert.ToHexStringLower(attest.PcrDigest.Span)}");
        return QuoteVerdict.Accept(attest);
    }
}
