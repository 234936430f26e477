namespace Aurae.Contract.Tpm;

/// <summary>
/// TPMS_CLOCK_INFO, TPM 2.0 Library Part 2 §10.11.1: the TPM's clock in milliseconds, how many
/// times it was reset (TPM_Init without Shutdown/Startup(STATE)) and restarted, and whether the clock
/// is known not to have run backwards (safe).
/// </summary>
public readonly record struct TpmsClockInfo(ulong Clock, uint ResetCount, uint RestartCount, bool Safe)
{
    public static TpmsClockInfo ReadFrom(TpmReader reader) => new(
        reader.ReadUInt64("TPMS_CLOCK_INFO.clock"),
        reader.ReadUInt32("TPMS_CLOCK_INFO.resetCount"),
        reader.ReadUInt32("TPMS_CLOCK_INFO.restartCount"),
        reader.ReadByte("TPMS_CLOCK_INFO.safe") != 0);
}
