namespace Aurae.Daemon.Network;

/// <summary>Network interfaces as sysfs lists them.</summary>
internal static class NetworkDevices
{
    private const string SysClassNet = "/sys/class/net";

    // include/uapi/linux/if_arp.h
    private const int ARPHRD_ETHER = 1;

    /// <summary>The Ethernet interface with the lowest ifindex, i.e. the first the kernel registered.</summary>
    public static string? FirstEthernet()
    {
        if (!Directory.Exists(SysClassNet))
            return null;
        return Directory.EnumerateDirectories(SysClassNet)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name != "lo" && ReadInt(name, "type") == ARPHRD_ETHER)
            .OrderBy(name => ReadInt(name, "ifindex") ?? int.MaxValue)
            .FirstOrDefault();
    }

    public static bool Exists(string name) => Directory.Exists(Path.Combine(SysClassNet, name));

    public static byte[] HardwareAddress(string name)
    {
        var text = File.ReadAllText(Path.Combine(SysClassNet, name, "address")).Trim();
        return Convert.FromHexString(text.Replace(":", ""));
    }

    private static int? ReadInt(string name, string attribute)
    {
        try
        {
            return int.Parse(File.ReadAllText(Path.Combine(SysClassNet, name, attribute)).Trim(),
                System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
