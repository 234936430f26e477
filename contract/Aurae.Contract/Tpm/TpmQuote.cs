namespace Aurae.Contract.Tpm;

/// <summary>
/// What TPM2_Quote (Part 3 §18.4) returns, as the node hands it to a client: the TPMS_ATTEST bytes
/// (the contents of TPM2B_ATTEST, what was signed) and the TPMT_SIGNATURE over them, both as marshalled.
/// </summary>
public sealed record TpmQuote(byte[] Attest, byte[] Signature)
{
    /// <summary>
    /// The longest nonce a client may send. qualifyingData is a TPM2B_DATA, at most sizeof(TPMT_HA)
    /// (Part 2 §10.4.3): 2 + the TPM's largest digest, 34 bytes on a TPM with SHA-256 only.
    /// </summary>
    public const int MaxNonceSize = 32;
}
