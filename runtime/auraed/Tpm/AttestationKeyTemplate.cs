using Aurae.Contract.Tpm;

namespace Aurae.Daemon.Tpm;

/// <summary>
/// The TPMT_PUBLIC (Part 2 §12.2.4) the attestation key is made from: ECC NIST P-256, ECDSA with
/// SHA-256, name algorithm SHA-256, and the attributes of a key whose signatures are evidence —
/// restricted|sign (signs only digests the TPM made itself), fixedTPM|fixedParent (never leaves the
/// TPM), sensitiveDataOrigin (the TPM made the private part), userWithAuth (its empty password is
/// enough to use it). ECC rather than RSA 2048: a TPM makes a P-256 key in milliseconds where an
/// RSA primary takes seconds (it searches for primes) and this runs on every boot, and P-256 is
/// mandatory in the PC Client TPM profile, so every TPM the node meets has it.
/// </summary>
public static class AttestationKeyTemplate
{
    public const TpmObjectAttributes Attributes =
        TpmObjectAttributes.Restricted | TpmObjectAttributes.Sign | TpmObjectAttributes.FixedTpm |
        TpmObjectAttributes.FixedParent | TpmObjectAttributes.SensitiveDataOrigin | TpmObjectAttributes.UserWithAuth;

    public static byte[] Public() => new TpmWriter()
        .Algorithm(TpmAlgorithm.Ecc)           // type
        .Algorithm(TpmAlgorithm.Sha256)        // nameAlg
        .UInt32((uint)Attributes)              // objectAttributes
        .Sized([])                             // authPolicy: none, userWithAuth suffices
        .Algorithm(TpmAlgorithm.Null)          // TPMS_ECC_PARMS.symmetric: a signing key wraps nothing
        .Algorithm(TpmAlgorithm.Ecdsa)         // scheme
        .Algorithm(TpmAlgorithm.Sha256)        // scheme hashAlg
        .UInt16((ushort)TpmEccCurve.NistP256)  // curveID
        .Algorithm(TpmAlgorithm.Null)          // kdf
        .Sized([])                             // unique.x: empty, the TPM fills the point in
        .Sized([])                             // unique.y
        .ToArray();
}
