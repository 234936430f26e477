using Aurae.Daemon.Logging;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Init;

/// <summary>The last steps of init: stop every other process, flush, and tell the kernel.</summary>
internal static class PowerControl
{
    // linux/reboot.h
    private const int LINUX_REBOOT_CMD_RESTART = 0x01234567;
    private const int LINUX_REBOOT_CMD_POWER_OFF = 0x4321FEDC;
    private const int LINUX_REBOOT_CMD_CAD_OFF = 0;
    private const int SIGTERM = 15;
    private const int SIGKILL = 9;

    /// <summary>
    /// Makes Ctrl-Alt-Del (a hypervisor's "reset" key, a console's three fingers) send SIGINT to
    /// init instead of rebooting at once, so it goes through the orderly shutdown.
    /// </summary>
    public static void RouteCtrlAltDelToInit()
    {
        if (LibC.reboot(LINUX_REBOOT_CMD_CAD_OFF) != 0)
            ConsoleLog.Warn("power", $"cannot route Ctrl-Alt-Del to init: {LibC.Describe(LibC.LastError)}");
    }

    /// <summary>Ends the node. Never returns when we are init; returns when reboot(2) is refused (not init).</summary>
    public static void Execute(PowerAction action)
    {
        if (action == PowerAction.Exit)
            return;

        ConsoleLog.Info("power", "stopping all processes");
        // kill(-1) reaches every process but init itself.
        LibC.kill(-1, SIGTERM);
        Thread.Sleep(TimeSpan.FromMilliseconds(500));
        LibC.kill(-1, SIGKILL);

        ConsoleLog.Info("power", "syncing filesystems");
        LibC.sync();

        ConsoleLog.Info("power", action == PowerAction.Reboot ? "rebooting" : "powering off");
        var command = action == PowerAction.Reboot ? LINUX_REBOOT_CMD_RESTART : LINUX_REBOOT_CMD_POWER_OFF;
        if (LibC.reboot(command) != 0)
            ConsoleLog.Error("power", $"reboot(2) refused: {LibC.Describe(LibC.LastError)}");

        if (Environment.ProcessId != 1)
            return;
        // reboot(2) returned as init: nothing left to do but not exit (that panics the kernel).
        while (true)
            Thread.Sleep(Timeout.Infinite);
    }
}
