namespace Aurae.Contract.Tpm;

/// <summary>TPMA_OBJECT, TPM 2.0 Library Part 2 §8.3 (Table 31): the bits of an object's attributes that Aurae sets or checks.</summary>
[Flags]
public enum TpmObjectAttributes : uint
{
    None = 0,
    /// <summary>The key cannot leave this TPM (no duplication, not even of its parent).</summary>
    FixedTpm = 1u << 1,
    FixedParent = 1u << 4,
    /// <summary>The TPM made the private part itself; nobody outside ever saw it.</summary>
    SensitiveDataOrigin = 1u << 5,
    /// <summary>A password (or HMAC) session with the key's authValue may use it.</summary>
    UserWithAuth = 1u << 6,
    NoDictionaryAttack = 1u << 10,
    /// <summary>
    /// A restricted signing key signs only digests the TPM computed itself, never an outside digest
    /// that starts with TPM_GENERATED_VALUE: that is what makes its quotes believable.
    /// </summary>
    Restricted = 1u << 16,
    Decrypt = 1u << 17,
    Sign = 1u << 18,
}
