namespace Aurae.Contract.Tpm;

/// <summary>TPM_ST, TPM 2.0 Library Part 2 §6.9 (Table 19): command/response tags and attestation types.</summary>
public enum TpmStructureTag : ushort
{
    /// <summary>A command or response with no authorization area.</summary>
    NoSessions = 0x8001,
    /// <summary>A command or response with an authorization area (and, in a response, a parameterSize).</summary>
    Sessions = 0x8002,
    /// <summary>The TPMS_ATTEST.type of a TPM2_Quote.</summary>
    AttestQuote = 0x8018,
}
