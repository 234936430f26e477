using Aurae.Api.Artifacts.V0;
using Google.Protobuf;
using Grpc.Core;

namespace Aurae.Daemon.Tests.Artifacts;

/// <summary>
/// A client stream of push messages. Counts how many the service read, to show it stops at the
/// first bad one; can cancel the call after a given message, then behaves as gRPC's reader
/// does on a cancelled call: the next MoveNext throws.
/// </summary>
public sealed class FakePushStream(IReadOnlyList<PushRequest> messages, CancellationTokenSource? cancelAfterLast = null) : IAsyncStreamReader<PushRequest>
{
    private int index = -1;

    public int Read => index + 1;

    public PushRequest Current => messages[index];

    public Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (index + 1 >= messages.Count)
        {
            if (cancelAfterLast is not null)
            {
                cancelAfterLast.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }
            return Task.FromResult(false);
        }
        index++;
        return Task.FromResult(true);
    }

    public static PushRequest Header(string name, string sha256, ulong size, bool executable = false) =>
        new() { Header = new PushHeader { Name = name, Sha256 = sha256, Size = size, Executable = executable } };

    public static PushRequest Chunk(ReadOnlySpan<byte> bytes) => new() { Chunk = ByteString.CopyFrom(bytes) };

    /// <summary>A well-formed push: the header, then the content in chunks of <paramref name="chunkSize"/>.</summary>
    public static List<PushRequest> For(string name, byte[] content, bool executable = false, int chunkSize = 1000)
    {
        var messages = new List<PushRequest> { Header(name, TempArtifactStore.Sha256(content), (ulong)content.Length, executable) };
        for (var offset = 0; offset < content.Length; offset += chunkSize)
            messages.Add(Chunk(content.AsSpan(offset, Math.Min(chunkSize, content.Length - offset))));
        return messages;
    }
}
