namespace Aurae.Daemon.Logging;

/// <summary>Seconds since the kernel booted, as /proc/uptime counts them (0 when /proc is absent).</summary>
public static class BootClock
{
    public static double Seconds
    {
        get
        {
            try
            {
                var text = File.ReadAllText("/proc/uptime");
                var end = text.IndexOf(' ');
                return double.Parse(end < 0 ? text : text[..end], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return 0;
            }
        }
    }
}
