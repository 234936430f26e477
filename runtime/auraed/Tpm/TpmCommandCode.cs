namespace Aurae.Daemon.Tpm;

/// <summary>TPM_CC, TPM 2.0 Library Part 2 §6.5.2 (Table 12): the commands the daemon sends.</summary>
public enum TpmCommandCode : uint
{
    /// <summary>Part 3 §24.1.</summary>
    CreatePrimary = 0x00000131,
    /// <summary>Part 3 §18.4.</summary>
    Quote = 0x00000158,
    /// <summary>Part 3 §28.4.</summary>
    FlushContext = 0x00000165,
    /// <summary>Part 3 §22.4.</summary>
    PcrRead = 0x0000017E,
}
