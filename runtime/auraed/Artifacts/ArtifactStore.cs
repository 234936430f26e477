using Aurae.Contract.Names;
using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Artifacts;

/// <summary>
/// Content-addressed files pushed to the node, found by name (layout: <see cref="ArtifactLayout"/>).
/// Content is stored once per sha256 however many names point at it; a name pushed again
/// points at the new content, and content no name points at is removed. Uploads stream into
/// tmp/ outside any lock; only placing, naming, deleting and listing take the store's lock,
/// so a slow upload never blocks the others.
/// </summary>
public sealed class ArtifactStore
{
    private const UnixFileMode ExecutableMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                                UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                                                UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode DataMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly ArtifactLayout layout;
    private readonly SemaphoreSlim gate = new(1, 1);
    // Bytes promised to uploads in progress whose content is not stored yet; guarded by gate.
    private long reserved;

    private ArtifactStore(ArtifactStoreOptions options, ArtifactLayout layout)
    {
        Options = options;
        this.layout = layout;
    }

    public ArtifactStoreOptions Options { get; }

    /// <summary>The absolute root all paths handed out are under.</summary>
    public string Root => layout.Root;

    /// <summary>ROOT/names: a path under it names an artifact (ROOT/names/NAME).</summary>
    public string NamesDirectory => layout.NamesDirectory;

    /// <summary>
    /// Creates the store's directories, removes what an earlier run left in tmp/ and any content
    /// no name points at (a crash between placing content and naming it).
    /// </summary>
    public static ArtifactStore Open(ArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var layout = new ArtifactLayout(options.Root);
        layout.Prepare();
        var referenced = layout.Names().Select(n => n.Sha256).ToHashSet();
        foreach (var orphan in layout.ContentDigests().Where(d => !referenced.Contains(d)).ToList())
            File.Delete(layout.ContentPath(orphan));
        return new ArtifactStore(options, layout);
    }

    /// <summary>The path content with <paramref name="sha256"/> is (or would be) stored at.</summary>
    public string ContentPath(string sha256) => layout.ContentPath(sha256);

    /// <summary>
    /// Checks <paramref name="header"/> against the rules and limits and opens a temporary file for
    /// its content. Dispose the upload in every case: that removes the temporary file unless it was committed.
    /// </summary>
    public async Task<ArtifactUpload> BeginUploadAsync(ArtifactHeader header, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Validate() is { } error)
            throw new ArtifactException(ArtifactFailure.InvalidArgument, error);
        if (header.Size > Options.MaxArtifactBytes)
            throw new ArtifactException(ArtifactFailure.ResourceExhausted,
                $"artifact '{header.Name}' is {header.Size} bytes; the limit is {Options.MaxArtifactBytes}");

        await gate.WaitAsync(cancellationToken);
        long reservation;
        try
        {
            // Content already stored costs nothing more; anything else must fit beside what is
            // stored and what other uploads have been promised.
            reservation = File.Exists(layout.ContentPath(header.Sha256)) ? 0 : header.Size;
            RequireRoom(header, reservation);
            reserved += reservation;
        }
        finally
        {
            gate.Release();
        }
        try
        {
            return new ArtifactUpload(this, header, layout.NewTempPath("upload"), reservation);
        }
        catch
        {
            await ReleaseAsync(reservation);
            throw;
        }
    }

    /// <summary>Every stored artifact, by name.</summary>
    public async Task<IReadOnlyList<StoredArtifact>> ListAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return layout.Names().Select(n => Describe(n.Name, n.Sha256)).OfType<StoredArtifact>().ToList();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The artifact named <paramref name="name"/>, or null when none is.</summary>
    /// <exception cref="ArtifactException">InvalidArgument for a malformed name.</exception>
    public async Task<StoredArtifact?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (ArtifactName.Validate(name) is { } error)
            throw new ArtifactException(ArtifactFailure.InvalidArgument, error);
        await gate.WaitAsync(cancellationToken);
        try
        {
            return layout.ReadName(name) is { } sha256 ? Describe(name, sha256) : null;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Removes the name, and its content when no other name points at it.</summary>
    /// <exception cref="ArtifactException">InvalidArgument for a malformed name, NotFound for an unknown one.</exception>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (ArtifactName.Validate(name) is { } error)
            throw new ArtifactException(ArtifactFailure.InvalidArgument, error);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var sha256 = layout.ReadName(name) ?? throw new ArtifactException(ArtifactFailure.NotFound, $"no artifact named '{name}'");
            layout.Unlink(name);
            CollectIfUnreferenced(sha256);
        }
        finally
        {
            gate.Release();
        }
        ConsoleLog.Info("artifacts", $"deleted {name}");
    }

    /// <summary>
    /// Moves verified content from <paramref name="tempPath"/> into place (or drops it when the
    /// same content is already stored) and points the header's name at it.
    /// </summary>
    internal async Task<StoredArtifact> PlaceAsync(ArtifactHeader header, string tempPath, long reservation, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        StoredArtifact stored;
        try
        {
            var contentPath = layout.ContentPath(header.Sha256);
            var previous = layout.ReadName(header.Name);
            // Another name sharing the content may need it to stay executable: the executable
            // bit belongs to the content, so it is only ever widened while others point at it.
            var sharedExecutable = layout.Names().Any(n => n.Sha256 == header.Sha256 && n.Name != header.Name)
                                   && File.Exists(contentPath) && IsExecutable(contentPath);
            var mode = header.Executable || sharedExecutable ? ExecutableMode : DataMode;
            if (File.Exists(contentPath))
            {
                File.Delete(tempPath);
                File.SetUnixFileMode(contentPath, mode);
            }
            else
            {
                // The content was gone when this upload began (or was collected since): check again.
                if (reservation == 0)
                    RequireRoom(header, header.Size);
                File.SetUnixFileMode(tempPath, mode);
                File.Move(tempPath, contentPath, overwrite: false);
            }
            try
            {
                layout.Link(header.Name, header.Sha256);
            }
            catch
            {
                // Content nobody can name would only take room until the next start.
                CollectIfUnreferenced(header.Sha256);
                throw;
            }
            if (previous is not null && previous != header.Sha256)
                CollectIfUnreferenced(previous);
            stored = Describe(header.Name, header.Sha256)
                     ?? throw new IOException($"'{contentPath}' vanished while storing '{header.Name}'");
        }
        finally
        {
            gate.Release();
        }
        ConsoleLog.Info("artifacts", $"stored {stored.Name} ({stored.Size} bytes, sha256 {stored.Sha256}{(stored.Executable ? ", executable" : "")})");
        return stored;
    }

    /// <summary>Returns an upload's promise of room, once it is stored or abandoned.</summary>
    internal async Task ReleaseAsync(long reservation)
    {
        if (reservation == 0)
            return;
        // Not cancellable: a reservation must be returned even when the call was cancelled.
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            reserved -= reservation;
        }
        finally
        {
            gate.Release();
        }
    }

    // Callers hold the gate.
    private void RequireRoom(ArtifactHeader header, long bytes)
    {
        var stored = layout.ContentBytes();
        if (stored + reserved + bytes > Options.MaxTotalBytes)
            throw new ArtifactException(ArtifactFailure.ResourceExhausted,
                $"artifact '{header.Name}' ({header.Size} bytes) does not fit: {stored} bytes are stored and {reserved} are being uploaded, " +
                $"of at most {Options.MaxTotalBytes}; delete artifacts first");
    }

    // Callers hold the gate.
    private void CollectIfUnreferenced(string sha256)
    {
        if (!layout.IsReferenced(sha256))
            File.Delete(layout.ContentPath(sha256));
    }

    private StoredArtifact? Describe(string name, string sha256)
    {
        var content = new FileInfo(layout.ContentPath(sha256));
        if (!content.Exists)
            return null;
        return new StoredArtifact(name, sha256, content.Length, IsExecutable(content.FullName), content.FullName);
    }

    private static bool IsExecutable(string path) => (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
}
