namespace Aurae.Daemon.Init;

/// <summary>What the daemon does once it has shut down.</summary>
public enum PowerAction
{
    /// <summary>Leave the process (only when not init: init leaving panics the kernel).</summary>
    Exit,
    PowerOff,
    Reboot,
}
