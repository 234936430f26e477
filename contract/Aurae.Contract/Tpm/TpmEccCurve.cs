namespace Aurae.Contract.Tpm;

/// <summary>TPM_ECC_CURVE, TPM 2.0 Library Part 2 §6.4 (Table 10). P-256 is the curve every PC Client TPM has.</summary>
public enum TpmEccCurve : ushort
{
    NistP256 = 0x0003,
}
