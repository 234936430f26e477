namespace Aurae.Daemon.Observe;

/// <summary>One line of a log, with when it was written (Unix milliseconds) and where it came from.</summary>
public sealed record LogEntry(long TimestampMs, string Channel, string Line);
