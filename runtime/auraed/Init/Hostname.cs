using System.Text;
using Aurae.Daemon.Logging;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Init;

internal static class Hostname
{
    public static unsafe void Set(string name)
    {
        var bytes = Encoding.ASCII.GetBytes(name);
        fixed (byte* p = bytes)
        {
            if (LibC.sethostname(p, (nuint)bytes.Length) != 0)
                throw new IOException($"sethostname({name}): {LibC.Describe(LibC.LastError)}");
        }
    }

    public static string Current()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/hostname").Trim();
        }
        catch (IOException)
        {
            return Environment.MachineName;
        }
    }

    /// <summary>Sets the node's name at boot; a failure is logged, never thrown (the node boots on).</summary>
    public static void SetAtBoot(string name)
    {
        try
        {
            Hostname.Set(name);
            ConsoleLog.Info("init", $"hostname {name}");
        }
        catch (IOException e)
        {
            ConsoleLog.Error("init", e.Message);
        }
    }
}
