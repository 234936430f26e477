using Aurae.Daemon.Observe;

namespace Aurae.Daemon.Tests.Observe;

public sealed class LogJournalTests
{
    [Fact]
    public async Task Keeps_the_last_entries_up_to_its_capacity()
    {
        var journal = new LogJournal(capacity: 3);
        for (var i = 0; i < 5; i++)
            journal.Append(new LogEntry(i, "info", $"line {i}"));

        var lines = new List<string>();
        await foreach (var entry in journal.ReadAsync(follow: false, CancellationToken.None))
            lines.Add(entry.Line);

        Assert.Equal(["line 2", "line 3", "line 4"], lines);
    }

    [Fact]
    public async Task A_follower_gets_the_backlog_then_new_entries()
    {
        var journal = new LogJournal();
        journal.Append(new LogEntry(1, "info", "old"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var entry in journal.ReadAsync(follow: true, cancel.Token))
            {
                received.Add(entry.Line);
                if (received.Count == 3)
                    return;
            }
        });
        while (received.Count < 1)
            await Task.Delay(10);
        journal.Append(new LogEntry(2, "info", "new 1"));
        journal.Append(new LogEntry(3, "info", "new 2"));
        await reading;

        Assert.Equal(["old", "new 1", "new 2"], received);
    }

    [Fact]
    public async Task A_follower_that_stops_reading_never_holds_the_writer_and_loses_only_its_oldest()
    {
        var journal = new LogJournal(capacity: 10, followerQueue: 4);
        journal.Append(new LogEntry(-1, "info", "before"));
        await using var stalled = journal.ReadAsync(follow: true, CancellationToken.None).GetAsyncEnumerator();
        // The backlog entry comes back at once, with the follower registered: nothing is pending.
        Assert.True(await stalled.MoveNextAsync());
        Assert.Equal("before", stalled.Current.Line);

        for (var i = 0; i < 10_000; i++)
            journal.Append(new LogEntry(i, "info", $"line {i}"));

        var received = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(await stalled.MoveNextAsync());
            received.Add(stalled.Current.Line);
        }
        // Its queue of four kept the newest; the writer never waited for it.
        Assert.Equal(["line 9996", "line 9997", "line 9998", "line 9999"], received);
    }
}
