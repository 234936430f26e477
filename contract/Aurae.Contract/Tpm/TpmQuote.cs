namespace Aurae.Contract.Tpm;

/// <summary>
/// What TPM2_Quote (Part 3 §18.4) returns, as the node hands it to a client: the TPMS_ATTEST bytes
/// (the contents of TPM2B_ATTEST, what was signed) and the TPMT_SIGNATURE over them, both as marshalled.
/// </summary>
public sealed record TpmQuote(byte[] Attest, byte[] Signature);
