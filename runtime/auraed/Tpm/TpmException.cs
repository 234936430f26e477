namespace Aurae.Daemon.Tpm;

/// <summary>A TPM answered a command with a response code other than TPM_RC_SUCCESS (Part 2 §6.6).</summary>
public sealed class TpmException(TpmCommandCode command, uint responseCode)
    : Exception($"TPM2_{command} failed with response code 0x{responseCode:x8}{Explain(responseCode)}")
{
    public TpmCommandCode Command { get; } = command;

    public uint ResponseCode { get; } = responseCode;

    /// <summary>
    /// Format-one codes (bit 7 set, Part 2 §6.6.2) carry in bits 8–11 which parameter, handle or
    /// session was wrong; that is the first thing to know when a command is refused.
    /// </summary>
    private static string Explain(uint code)
    {
        if ((code & 0x80) == 0)
            return (code & 0x900) == 0x900 ? " (a warning: the TPM did not run it)" : "";
        var number = (code >> 8) & 0x7;
        var what = (code & 0x40) != 0 ? "parameter" : (code & 0x800) != 0 ? "session" : "handle";
        var which = (code & 0x40) != 0 ? (code >> 8) & 0xF : number;
        return $" (error 0x{code & 0x3F:x2} of {what} {which})";
    }
}
