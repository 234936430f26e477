namespace Aurae.Cli.Attestation;

/// <summary>What <c>aurae node attest</c> concluded for one node.</summary>
internal enum AttestVerdict
{
    /// <summary>The quote verifies and its PCR 11 is the predicted one.</summary>
    Match,
    /// <summary>The quote verifies and its PCR 11 is another value: the node runs another image (or something extended PCR 11).</summary>
    Mismatch,
    /// <summary>No quote to trust: no TPM, the TPM failed, or the quote does not verify.</summary>
    Unverified,
}
