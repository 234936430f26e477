using System.Threading.Channels;

namespace Aurae.Daemon.Observe;

/// <summary>
/// A log kept in memory: the last <see cref="Capacity"/> entries, and followers that get new
/// ones as they are appended. A slow follower never slows the writer: its own queue is bounded
/// and drops its oldest entries, so a client that stops reading costs at most its queue.
/// </summary>
public sealed class LogJournal(int capacity = 4096, int followerQueue = 1024)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<LogEntry> _entries = new();
    private readonly List<Channel<LogEntry>> _followers = [];

    public int Capacity => capacity;

    public void Append(LogEntry entry)
    {
        lock (_gate)
        {
            _entries.AddLast(entry);
            if (_entries.Count > capacity)
                _entries.RemoveFirst();
            foreach (var follower in _followers)
                follower.Writer.TryWrite(entry);
        }
    }

    /// <summary>The kept entries, then (with <paramref name="follow"/>) new ones until cancelled.</summary>
    public async IAsyncEnumerable<LogEntry> ReadAsync(bool follow,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        LogEntry[] backlog;
        Channel<LogEntry>? channel = null;
        lock (_gate)
        {
            backlog = [.. _entries];
            if (follow)
            {
                channel = Channel.CreateBounded<LogEntry>(new BoundedChannelOptions(followerQueue)
                {
                    FullMode = BoundedChannelFullMode.DropOldest,
                    SingleReader = true,
                });
                _followers.Add(channel);
            }
        }

        try
        {
            foreach (var entry in backlog)
                yield return entry;
            if (channel is null)
                yield break;
            await foreach (var entry in channel.Reader.ReadAllAsync(cancellationToken))
                yield return entry;
        }
        finally
        {
            if (channel is not null)
            {
                lock (_gate)
                    _followers.Remove(channel);
            }
        }
    }
}
