namespace Aurae.Daemon.Tests.Artifacts;

/// <summary>Uploads run side by side; the store stays consistent and tmp/ ends empty.</summary>
public sealed class ArtifactStoreConcurrencyTests : IDisposable
{
    private readonly TempArtifactStore temp = new(maxArtifactBytes: 100_000, maxTotalBytes: 10_000_000);

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Parallel_pushes_of_shared_content_and_names_end_consistent()
    {
        var shared = TempArtifactStore.Content(50_000, seed: 1);
        var pushes = Enumerable.Range(0, 16).Select(i => Task.Run(() => i % 2 == 0
            ? temp.PushAsync($"shared-{i}", shared, chunkSize: 997)
            : temp.PushAsync("contended", TempArtifactStore.Content(20_000, seed: i), chunkSize: 1500)));

        var stored = await Task.WhenAll(pushes);

        var listed = await temp.Store.ListAsync(CancellationToken.None);
        Assert.Equal(9, listed.Count);
        var contended = Assert.Single(listed, a => a.Name == "contended");
        Assert.Contains(stored.Where(s => s.Name == "contended"), s => s == contended);
        // One content file for the shared bytes, one for whichever push of "contended" won.
        Assert.Equal(2, temp.ContentFiles().Length);
        Assert.Empty(temp.TempEntries());
        Assert.All(listed, a => Assert.Equal(a.Sha256, TempArtifactStore.Sha256(File.ReadAllBytes(a.Path))));
    }
}
