using System.Diagnostics;
using System.Globalization;
using Aurae.Contract.Syntax;

namespace Aurae.CommandLine.Progress;

/// <summary>
/// Bytes sent of a file going to one or more nodes at once, and the rate: what a push shows while
/// it runs and says when it is done. <see cref="Add"/> may be called from every node's call at once.
/// </summary>
public sealed class TransferProgress(string what, ulong bytesPerNode, int nodes)
{
    private readonly long start = Stopwatch.GetTimestamp();
    private readonly ulong total = bytesPerNode * (ulong)Math.Max(nodes, 1);
    private long sent;
    private long lastByteSent;

    public void Add(int bytes)
    {
        // The rate is the transfer's own: what the nodes do after the last byte (an image's import) is not in it.
        if ((ulong)Interlocked.Add(ref sent, bytes) >= total)
            Interlocked.CompareExchange(ref lastByteSent, Stopwatch.GetTimestamp(), 0);
    }

    /// <summary>"pushing busybox: 12 MiB of 40 MiB, 8.1 MiB/s"; once all is sent, that the nodes are still at work.</summary>
    public string Status()
    {
        var done = (ulong)Interlocked.Read(ref sent);
        return done >= total
            ? $"{what}: {ByteSizeSyntax.FormatApproximately(total)} sent, waiting for {Nodes}"
            : $"{what}: {ByteSizeSyntax.FormatApproximately(done)} of {ByteSizeSyntax.FormatApproximately(total)}, {Rate(done)}";
    }

    /// <summary>"busybox: 40 MiB to 2 nodes in 4.9 s, 8.2 MiB/s" (the rate over the sending alone).</summary>
    public string Summary()
    {
        var done = (ulong)Interlocked.Read(ref sent);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var finished = Interlocked.Read(ref lastByteSent);
        return $"{what}: {ByteSizeSyntax.FormatApproximately(done)} to {Nodes} in {seconds} s, {Rate(done, finished == 0 ? Stopwatch.GetTimestamp() : finished)}";
    }

    private string Nodes => nodes == 1 ? "1 node" : $"{nodes} nodes";

    private string Rate(ulong bytes) => Rate(bytes, Stopwatch.GetTimestamp());

    private string Rate(ulong bytes, long until)
    {
        var seconds = Math.Max(Stopwatch.GetElapsedTime(start, until).TotalSeconds, 0.001);
        return $"{ByteSizeSyntax.FormatApproximately((ulong)(bytes / seconds))}/s";
    }
}
