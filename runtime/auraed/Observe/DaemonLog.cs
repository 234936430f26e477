namespace Aurae.Daemon.Observe;

/// <summary>The daemon's own log lines, kept for ObserveService (ConsoleLog appends here as it prints).</summary>
public static class DaemonLog
{
    public static LogJournal Journal { get; } = new(capacity: 4096);
}
