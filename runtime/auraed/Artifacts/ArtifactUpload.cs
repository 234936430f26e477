using System.Security.Cryptography;

namespace Aurae.Daemon.Artifacts;

/// <summary>
/// One push in progress: content streamed into a temporary file in the store's tmp/, hashed as
/// it is written and held to the declared size as it grows. <see cref="CommitAsync"/> verifies
/// size and sha256 and hands the file to the store; disposing removes the temporary file
/// unless it was committed, so a failure or a cancelled call never leaves partial content.
/// </summary>
public sealed class ArtifactUpload : IAsyncDisposable
{
    private const UnixFileMode TempMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly ArtifactStore store;
    private readonly string tempPath;
    private readonly long reservation;
    private readonly FileStream file;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool committed;
    private bool disposed;

    internal ArtifactUpload(ArtifactStore store, ArtifactHeader header, string tempPath, long reservation)
    {
        this.store = store;
        this.tempPath = tempPath;
        this.reservation = reservation;
        Header = header;
        // Unbuffered: chunks arrive in large pieces and go straight to the file.
        file = new FileStream(tempPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = TempMode,
            BufferSize = 0,
            Options = FileOptions.Asynchronous,
        });
    }

    public ArtifactHeader Header { get; }

    /// <summary>Bytes received so far.</summary>
    public long Received { get; private set; }

    /// <summary>Appends a chunk; refuses at once a chunk that would take the content past its declared size.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (committed)
            throw new InvalidOperationException("the upload is already committed");
        if (Received + chunk.Length > Header.Size)
            throw new ArtifactException(ArtifactFailure.InvalidArgument,
                $"artifact '{Header.Name}' sent more than the {Header.Size} bytes its header declared");
        hash.AppendData(chunk.Span);
        await file.WriteAsync(chunk, cancellationToken);
        Received += chunk.Length;
    }

    /// <summary>Checks the content against the header and stores it under its name.</summary>
    public async Task<StoredArtifact> CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (committed)
            throw new InvalidOperationException("the upload is already committed");
        if (Received != Header.Size)
            throw new ArtifactException(ArtifactFailure.InvalidArgument,
                $"artifact '{Header.Name}' ended after {Received} bytes; its header declared {Header.Size}");
        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (sha256 != Header.Sha256)
            throw new ArtifactException(ArtifactFailure.InvalidArgument,
                $"artifact '{Header.Name}' has sha256 {sha256}; its header declared {Header.Sha256}");
        await file.FlushAsync(cancellationToken);
        await file.DisposeAsync();
        var stored = await store.PlaceAsync(Header, tempPath, reservation, cancellationToken);
        committed = true;
        return stored;
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        await file.DisposeAsync();
        hash.Dispose();
        if (!committed)
            File.Delete(tempPath);
        await store.ReleaseAsync(reservation);
    }
}
