using System.Net;
using Aurae.Daemon.Enrollment;
using Aurae.Daemon.Hosting;
using Aurae.Daemon.Observe;

namespace Aurae.Daemon.Tests.Enrollment;

/// <summary>One node's enrollment against a fake serve: its key, identity, status and what it set its hostname to.</summary>
public sealed class EnrollmentHarness : IDisposable
{
    public const string Mac = "52:54:00:12:34:56";
    public const string Token = "v1.cGF5bG9hZA.c2lnbmF0dXJl";

    /// <summary>Fast enough for tests; Retry-After is capped far below the protocol's 30 s.</summary>
    public static readonly EnrollmentOptions FastOptions = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
        RetryAfterCap = TimeSpan.FromMilliseconds(50),
        DefaultRetryAfter = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    public EnrollmentHarness(TestFleet fleet)
    {
        Identity = NodeIdentity.Unenrolled(fleet.PublicAuthority, TimeProvider.System);
    }

    public EnrollmentKey Key { get; } = EnrollmentKey.Create(Mac);

    public NodeIdentity Identity { get; }

    public EnrollmentStatus Status { get; } = new("starting");

    public List<string> HostnamesSet { get; } = [];

    public EnrollmentClient Client(IPEndPoint serve) =>
        new(new EnrollmentParameters(serve, Token), Key, Identity, Status, HostnamesSet.Add, FastOptions);

    /// <summary>Runs the client until it finishes, or for <paramref name="limit"/> when it keeps retrying.</summary>
    public async Task<bool> RunAsync(IPEndPoint serve, TimeSpan? limit = null)
    {
        using var cancel = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(30));
        return await Client(serve).RunAsync(cancel.Token);
    }

    /// <summary>The daemon's log lines so far ("source: message").</summary>
    public static async Task<List<string>> LogLinesAsync()
    {
        var lines = new List<string>();
        await foreach (var entry in DaemonLog.Journal.ReadAsync(follow: false, CancellationToken.None))
            lines.Add(entry.Line);
        return lines;
    }

    public void Dispose() => Key.Dispose();
}
