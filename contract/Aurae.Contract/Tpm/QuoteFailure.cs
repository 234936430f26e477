namespace Aurae.Contract.Tpm;

/// <summary>Why <see cref="QuoteVerifier"/> refused a quote, in the order it checks.</summary>
public enum QuoteFailure
{
    /// <summary>The public area, attest or signature bytes are not the structures they claim to be.</summary>
    Malformed,
    /// <summary>The key is not a restricted, fixedTPM, TPM-generated ECC P-256 signing key, so what it signs proves nothing.</summary>
    NotAnAttestationKey,
    /// <summary>The signature does not verify with the key over the attest bytes.</summary>
    WrongSignature,
    /// <summary>Signed, but not a TPM-generated quote (magic or type).</summary>
    NotAQuote,
    /// <summary>The quote's extraData is not the nonce this client sent: an old or someone else's quote.</summary>
    WrongNonce,
    /// <summary>The reported PCRs are not exactly the ones the quote covers.</summary>
    PcrSelectionMismatch,
    /// <summary>The hash of the reported PCR values is not the pcrDigest the TPM signed.</summary>
    PcrDigestMismatch,
}
