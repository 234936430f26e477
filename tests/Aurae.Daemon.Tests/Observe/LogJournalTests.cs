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
        await using var stalled = journal.ReadAsync(follow: true, CancellationToken.None).GetAsyncEnumerator();
        var first = stalled.MoveNextAsync(); // registers the follower, then waits: nothing is kept yet

        for (var i = 0; i < 10_000; i++)
            journal.Append(new LogEntry(i, "info", $"line {i}"));

        Assert.True(await first);
        var received = new List<string> { stalled.Current.Line };
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await stalled.MoveNextAsync());
            received.Add(stalled.Current.Line);
        }
        // The follower's queue kept only the newest four; the pending read may have taken the
        // very first entry as it arrived, before the queue filled.
        Assert.Contains(received[0], new[] { "line 0", "line 9996" });
        Assert.Equal(["line 9997", "line 9998", "line 9999"], received[1..]);
    }
}
