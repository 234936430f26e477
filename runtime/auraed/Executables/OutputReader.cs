using System.Runtime.CompilerServices;
using Aurae.Api.Executables.V0;
using Google.Protobuf;

namespace Aurae.Daemon.Executables;

/// <summary>
/// Reads an executable's two output buffers as a stream of chunks: what they hold now, then,
/// when following, new bytes as they arrive, and a last chunk with the final status.
/// </summary>
internal static class OutputReader
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>
    /// After the process ends, how long to wait for its pipes to close: the last bytes may still
    /// be on their way (a loaded machine may take a while to read them), and a descendant that
    /// kept the pipes open must not hold the stream forever.
    /// </summary>
    private static readonly TimeSpan DrainAfterEnd = TimeSpan.FromSeconds(5);

    public static async IAsyncEnumerable<OutputChunk> ReadAsync(
        SupervisedExecutable executable, bool follow, [EnumeratorCancellation] CancellationToken ct)
    {
        var channels = new[]
        {
            (Channel: OutputChunk.Types.Channel.Stdout, Buffer: executable.Stdout),
            (Channel: OutputChunk.Types.Channel.Stderr, Buffer: executable.Stderr),
        };
        var offsets = new long[channels.Length];
        DateTime? drainDeadline = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            // Observed before reading: a buffer is completed only after its last bytes are in,
            // so when both were closed before this pass, this pass reads everything there is.
            var allClosed = channels.All(c => c.Buffer.IsCompleted);
            var readAny = false;
            for (var i = 0; i < channels.Length; i++)
            {
                var slice = channels[i].Buffer.Read(offsets[i], ChunkSize);
                offsets[i] = slice.NextOffset;
                if (slice.Data.Length == 0)
                    continue;
                readAny = true;
                yield return new OutputChunk
                {
                    Channel = channels[i].Channel,
                    Data = UnsafeByteOperations.UnsafeWrap(slice.Data),
                    DroppedBefore = (ulong)slice.DroppedBefore,
                };
            }
            if (readAny)
                continue;
            if (!follow)
                yield break;

            if (executable.Ended.IsCompleted)
            {
                drainDeadline ??= DateTime.UtcNow + DrainAfterEnd;
                if (allClosed || DateTime.UtcNow >= drainDeadline)
                {
                    yield return new OutputChunk { FinalStatus = executable.ToStatus() };
                    yield break;
                }
            }

            // A closed channel's wait completes at once: waiting on it would spin until the
            // executable is marked ended. Only open channels, and the end, can change anything.
            var waits = new List<Task>(channels.Length + 1);
            for (var i = 0; i < channels.Length; i++)
                if (!channels[i].Buffer.IsCompleted)
                    waits.Add(channels[i].Buffer.WaitForDataAsync(offsets[i]));
            waits.Add(executable.Ended);
            var changed = Task.WhenAny(waits);
            try
            {
                if (drainDeadline is { } deadline)
                    await changed.WaitAsync(Max(deadline - DateTime.UtcNow, TimeSpan.Zero), ct);
                else
                    await changed.WaitAsync(ct);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
