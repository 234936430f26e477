using System.Security.Cryptography;
using Aurae.Daemon.Artifacts;

namespace Aurae.Daemon.Tests.Artifacts;

/// <summary>An artifact store in a fresh temporary directory, removed afterwards.</summary>
public sealed class TempArtifactStore : IDisposable
{
    private readonly string parent = Directory.CreateTempSubdirectory("aurae-artifacts-test-").FullName;

    public TempArtifactStore(long maxArtifactBytes = 1024 * 1024, long maxTotalBytes = 4 * 1024 * 1024, int maxChunkBytes = 64 * 1024)
    {
        // Searchable by others, as the node's /run is: isolated workloads (the cell's root is
        // nobody on the node) bind their artifacts from here.
        File.SetUnixFileMode(parent, (UnixFileMode)0b111_101_101);
        Options = new ArtifactStoreOptions
        {
            Root = Path.Combine(parent, "artifacts"),
            MaxArtifactBytes = maxArtifactBytes,
            MaxTotalBytes = maxTotalBytes,
            MaxChunkBytes = maxChunkBytes,
        };
        Store = ArtifactStore.Open(Options);
    }

    public ArtifactStoreOptions Options { get; }

    public ArtifactStore Store { get; }

    /// <summary>An empty directory beside the store for isolated workloads' roots (see WorkloadRootMountpoint).</summary>
    public string RootMountpoint() => global::Aurae.Daemon.Sandbox.WorkloadRootMountpoint.Prepare(Path.Combine(parent, "root"));

    public string PathOf(params string[] parts) => Path.Combine([Options.Root, .. parts]);

    /// <summary>Everything in tmp/: must be empty whenever no upload is in progress.</summary>
    public string[] TempEntries() => Directory.GetFileSystemEntries(PathOf("tmp"));

    public string[] ContentFiles() => Directory.GetFiles(PathOf("sha256")).Select(Path.GetFileName).OfType<string>().Order().ToArray();

    public void Dispose() => Directory.Delete(parent, recursive: true);

    public static byte[] Content(int size, int seed = 1)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static ArtifactHeader HeaderFor(string name, byte[] content, bool executable = false) =>
        new(name, Sha256(content), content.Length, executable);

    /// <summary>Pushes through the store API in chunks of at most <paramref name="chunkSize"/> bytes.</summary>
    public async Task<StoredArtifact> PushAsync(string name, byte[] content, bool executable = false, int chunkSize = 1000)
    {
        await using var upload = await Store.BeginUploadAsync(HeaderFor(name, content, executable), CancellationToken.None);
        for (var offset = 0; offset < content.Length; offset += chunkSize)
            await upload.WriteAsync(content.AsMemory(offset, Math.Min(chunkSize, content.Length - offset)), CancellationToken.None);
        return await upload.CommitAsync(CancellationToken.None);
    }
}
