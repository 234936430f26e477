using System.Globalization;
using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Observe;

/// <summary>
/// Copies the kernel's log (/dev/kmsg) into a <see cref="LogJournal"/>. One dedicated thread
/// does the blocking reads, so no thread-pool thread ever waits on the device, however many
/// clients follow the log.
/// </summary>
public sealed class KernelLogReader
{
    private const string Device = "/dev/kmsg";

    public LogJournal Journal { get; } = new(capacity: 8192);

    public void Start()
    {
        if (!File.Exists(Device))
        {
            ConsoleLog.Warn("observe", $"{Device} is missing: no kernel log");
            return;
        }
        new Thread(ReadLoop) { IsBackground = true, Name = "kmsg" }.Start();
    }

    private void ReadLoop()
    {
        try
        {
            using var stream = new FileStream(Device, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            var record = new byte[8192];
            while (true)
            {
                int length;
                try
                {
                    // Each read returns exactly one record (Documentation/ABI/testing/dev-kmsg).
                    length = stream.Read(record);
                }
                catch (IOException)
                {
                    // EPIPE: the ring overwrote records we had not read yet; the next read resumes.
                    continue;
                }
                if (length == 0)
                    return;
                if (Parse(System.Text.Encoding.UTF8.GetString(record, 0, length)) is { } entry)
                    Journal.Append(entry);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ConsoleLog.Warn("observe", $"kernel log reader stopped: {e.Message}");
        }
    }

    /// <summary>
    /// "PRIORITY,SEQUENCE,MICROSECONDS,FLAGS[,…];MESSAGE\n" followed by " KEY=VALUE" lines we skip.
    /// The timestamp is microseconds of CLOCK_MONOTONIC, turned into wall-clock time here.
    /// </summary>
    public static LogEntry? Parse(string record)
    {
        var separator = record.IndexOf(';');
        if (separator < 0)
            return null;
        var fields = record[..separator].Split(',');
        var end = record.IndexOf('\n', separator);
        var message = end < 0 ? record[(separator + 1)..] : record[(separator + 1)..end];
        if (fields.Length < 3 ||
            !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var priority) ||
            !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds))
            return null;
        var ageMs = (long)(BootClock.Seconds * 1000) - microseconds / 1000;
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - Math.Max(0, ageMs);
        return new LogEntry(timestamp, LevelName(priority & 7), message);
    }

    // syslog levels (RFC 5424 §6.2.1), the low three bits of the priority.
    private static string LevelName(int level) => level switch
    {
        0 => "emerg",
        1 => "alert",
        2 => "crit",
        3 => "err",
        4 => "warning",
        5 => "notice",
        6 => "info",
        _ => "debug",
    };
}
