namespace Aurae.Daemon.Tpm;

/// <summary>TPM_RH / TPM_RS, TPM 2.0 Library Part 2 §7.4 (Table 28): the permanent handles the daemon names.</summary>
public static class TpmHandle
{
    /// <summary>TPM_RH_OWNER: the storage hierarchy; its seed changes with TPM2_Clear.</summary>
    public const uint Owner = 0x40000001;

    /// <summary>TPM_RS_PW: the password session, whose "HMAC" is the authValue in the clear (Part 1 §19.6.4).</summary>
    public const uint PasswordSession = 0x40000009;

    /// <summary>TPM_RH_ENDORSEMENT: the hierarchy of the EK; its seed survives TPM2_Clear.</summary>
    public const uint Endorsement = 0x4000000B;
}
