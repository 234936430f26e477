namespace Aurae.Contract.Tpm;

/// <summary>
/// TPM_ALG_ID, TPM 2.0 Library Part 2 §6.3 (Table 9): the algorithm ids that appear on the wire in
/// the structures Aurae reads and writes (hash banks, key types, signing schemes). Only the ones we use.
/// </summary>
public enum TpmAlgorithm : ushort
{
    Rsa = 0x0001,
    Sha1 = 0x0004,
    Sha256 = 0x000B,
    Sha384 = 0x000C,
    Sha512 = 0x000D,
    /// <summary>TPM_ALG_NULL: "no algorithm" (no symmetric wrapper, no KDF, the key's own scheme).</summary>
    Null = 0x0010,
    RsaSsa = 0x0014,
    Ecdsa = 0x0018,
    Ecc = 0x0023,
}
