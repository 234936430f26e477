using System.Text;

namespace Aurae.Daemon.Logging;

/// <summary>
/// The daemon's log: one line per event on stderr (the console when we are init), stamped
/// with seconds since boot like the kernel's own lines so the two interleave readably, and
/// with wall-clock UTC so lines can be matched against a client's.
/// </summary>
public static class ConsoleLog
{
    private static readonly Lock Gate = new();
    private static readonly Stream Output = Console.OpenStandardError();

    public static void Info(string source, string message) => Write("info", source, message);
    public static void Warn(string source, string message) => Write("warn", source, message);
    public static void Error(string source, string message) => Write("error", source, message);

    public static void Write(string level, string source, string message)
    {
        var now = DateTimeOffset.UtcNow;
        var line = $"[{BootClock.Seconds,12:F6}] {now:yyyy-MM-ddTHH:mm:ss.fffZ} auraed {level} {source}: {message}\n";
        Observe.DaemonLog.Journal.Append(new Observe.LogEntry(now.ToUnixTimeMilliseconds(), level, $"{source}: {message}"));
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (Gate)
        {
            try
            {
                Output.Write(bytes);
                Output.Flush();
            }
            catch (IOException)
            {
                // A console that went away must not take the daemon with it.
            }
        }
    }
}
