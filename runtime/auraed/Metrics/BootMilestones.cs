using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Metrics;

/// <summary>
/// When the boot reached each of its steps, in seconds since the kernel started (<see cref="BootClock"/>):
/// the daemon's start, its modules loaded, its network configured, the API serving. A step is
/// recorded once; one the node has not reached (or, as an ordinary process, never will) is absent.
/// </summary>
public sealed class BootMilestones
{
    public const string DaemonStarted = "daemon_started";
    public const string ModulesLoaded = "modules_loaded";
    public const string NetworkConfigured = "network_configured";
    public const string ApiServing = "api_serving";

    private readonly Lock gate = new();
    private readonly List<(string Name, double Seconds)> reached = [];

    public void Record(string milestone)
    {
        var seconds = BootClock.Seconds;
        lock (gate)
        {
            if (!reached.Exists(entry => entry.Name == milestone))
                reached.Add((milestone, seconds));
        }
    }

    /// <summary>Records <paramref name="milestone"/> when <paramref name="step"/> completes successfully.</summary>
    public void RecordWhen(Task step, string milestone) =>
        _ = step.ContinueWith(done => { if (done.IsCompletedSuccessfully) Record(milestone); }, TaskScheduler.Default);

    public IReadOnlyList<(string Name, double Seconds)> Reached()
    {
        lock (gate)
            return [.. reached];
    }
}
