namespace Aurae.Daemon.Executables;

/// <summary>
/// How a child ended, decoded from the raw status waitpid reports (glibc's bits/waitstatus.h:
/// low 7 bits the terminating signal, 0 for a normal exit whose code is in bits 8-15).
/// </summary>
public readonly record struct WaitStatus(bool Exited, int ExitCode, int Signal)
{
    public static WaitStatus Decode(int raw)
    {
        var signal = raw & 0x7f;
        if (signal == 0)
            return new WaitStatus(true, (raw >> 8) & 0xff, 0);
        // 0x7f is "stopped", reported only with WUNTRACED, which the reaper does not ask for.
        return new WaitStatus(false, 0, signal);
    }
}
