using System.Security.Cryptography;
using Aurae.Api.Artifacts.V0;
using Google.Protobuf;
using Grpc.Core;

namespace Aurae.Client;

/// <summary>
/// Pushes a file to a node as an artifact: the sha256 is computed first (the node checks the
/// content against it), then the header and the content in chunks.
/// </summary>
public static class ArtifactUploader
{
    /// <summary>Below the node's 4 MiB chunk limit with room for framing.</summary>
    public const int ChunkSize = 1 << 20;

    public static async Task<Artifact> PushAsync(ArtifactService.ArtifactServiceClient client, string path, string name,
        bool executable, CancellationToken cancellationToken = default)
    {
        var header = await CreateHeaderAsync(path, name, executable, cancellationToken);
        await using var file = OpenContent(path);
        return await PushAsync(client, header, file, cancellationToken);
    }

    /// <summary>The header for a file: computed once, it serves a push to any number of nodes.</summary>
    public static async Task<PushHeader> CreateHeaderAsync(string path, string name, bool executable,
        CancellationToken cancellationToken = default)
    {
        await using var file = OpenContent(path);
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        return new PushHeader { Name = name, Sha256 = sha256, Size = (ulong)file.Length, Executable = executable };
    }

    public static FileStream OpenContent(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, useAsync: true);

    /// <summary>
    /// Pushes <paramref name="content"/> under an explicit header (which may lie: for tests of the
    /// node's checks); <paramref name="sent"/> hears of each chunk once it is written to the call.
    /// </summary>
    public static async Task<Artifact> PushAsync(ArtifactService.ArtifactServiceClient client, PushHeader header, Stream content,
        CancellationToken cancellationToken = default, Action<int>? sent = null)
    {
        using var call = client.Push(cancellationToken: cancellationToken);
        try
        {
            await call.RequestStream.WriteAsync(new PushRequest { Header = header }, cancellationToken);
            var buffer = new byte[ChunkSize];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await call.RequestStream.WriteAsync(new PushRequest { Chunk = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken);
                sent?.Invoke(read);
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // The node ended the call while this side was still sending (it refused the header, a
            // role, a limit): its answer says why, not the write it cut short (seen as Cancelled).
        }
        return await call.ResponseAsync;
    }
}
