using Aurae.Daemon.Artifacts;

namespace Aurae.Daemon.Tests.Artifacts;

/// <summary>The store API: content-addressed content, a symlink per name, limits, and nothing partial left behind.</summary>
public sealed class ArtifactStoreTests : IDisposable
{
    private const UnixFileMode Mode0755 = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Mode0644 = (UnixFileMode)0b110_100_100;

    private readonly TempArtifactStore temp = new();

    public void Dispose() => temp.Dispose();

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Push_list_delete_round_trip()
    {
        var content = TempArtifactStore.Content(2500);
        var sha256 = TempArtifactStore.Sha256(content);

        var stored = await temp.PushAsync("tool", content);

        Assert.Equal(new StoredArtifact("tool", sha256, 2500, false, temp.PathOf("sha256", sha256)), stored);
        Assert.Equal(content, await File.ReadAllBytesAsync(stored.Path));
        Assert.Equal(Path.Combine("..", "sha256", sha256), new FileInfo(temp.PathOf("names", "tool")).LinkTarget);
        Assert.Equal([stored], await temp.Store.ListAsync(None));
        Assert.Empty(temp.TempEntries());

        await temp.Store.DeleteAsync("tool", None);

        Assert.Empty(await temp.Store.ListAsync(None));
        Assert.Empty(temp.ContentFiles());
        Assert.Empty(Directory.GetFileSystemEntries(temp.PathOf("names")));
    }

    [Fact]
    public async Task The_executable_bit_is_0755_and_data_is_0644()
    {
        var tool = await temp.PushAsync("tool", TempArtifactStore.Content(10, seed: 1), executable: true);
        var data = await temp.PushAsync("data", TempArtifactStore.Content(10, seed: 2), executable: false);

        Assert.True(tool.Executable);
        Assert.Equal(Mode0755, File.GetUnixFileMode(tool.Path));
        Assert.False(data.Executable);
        Assert.Equal(Mode0644, File.GetUnixFileMode(data.Path));
    }

    [Fact]
    public async Task The_same_content_under_two_names_is_stored_once()
    {
        var content = TempArtifactStore.Content(3000);

        var first = await temp.PushAsync("first", content);
        var second = await temp.PushAsync("second", content);

        Assert.Equal(first.Path, second.Path);
        Assert.Single(temp.ContentFiles());
        Assert.Equal(["first", "second"], (await temp.Store.ListAsync(None)).Select(a => a.Name));

        await temp.Store.DeleteAsync("first", None);
        Assert.True(File.Exists(second.Path), "content still named 'second' was removed");
        await temp.Store.DeleteAsync("second", None);
        Assert.Empty(temp.ContentFiles());
    }

    [Fact]
    public async Task Pushing_a_name_again_replaces_it_and_drops_the_old_content()
    {
        var old = await temp.PushAsync("tool", TempArtifactStore.Content(100, seed: 1));
        var replacement = await temp.PushAsync("tool", TempArtifactStore.Content(200, seed: 2), executable: true);

        Assert.Equal([replacement], await temp.Store.ListAsync(None));
        Assert.False(File.Exists(old.Path));
        Assert.Equal([replacement.Sha256], temp.ContentFiles());
    }

    [Fact]
    public async Task Shared_content_stays_executable_while_an_executable_name_points_at_it()
    {
        var content = TempArtifactStore.Content(50);
        await temp.PushAsync("runnable", content, executable: true);

        var data = await temp.PushAsync("data", content, executable: false);

        Assert.True(data.Executable, "the content is shared, and 'runnable' must stay runnable");
        await temp.Store.DeleteAsync("runnable", None);
        var narrowed = await temp.PushAsync("data", content, executable: false);
        Assert.False(narrowed.Executable);
        Assert.Equal(Mode0644, File.GetUnixFileMode(narrowed.Path));
    }

    [Fact]
    public async Task An_empty_artifact_is_allowed()
    {
        var stored = await temp.PushAsync("empty", []);

        Assert.Equal(0, stored.Size);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", stored.Sha256);
    }

    [Fact]
    public async Task A_sha256_mismatch_is_refused_and_leaves_nothing()
    {
        var content = TempArtifactStore.Content(1000);
        var header = TempArtifactStore.HeaderFor("tool", content) with { Sha256 = new string('0', 64) };

        var upload = await temp.Store.BeginUploadAsync(header, None);
        await using (upload)
        {
            await upload.WriteAsync(content, None);
            Assert.Single(temp.TempEntries());
            var error = await Assert.ThrowsAsync<ArtifactException>(() => upload.CommitAsync(None));
            Assert.Equal(ArtifactFailure.InvalidArgument, error.Failure);
            Assert.Contains($"has sha256 {TempArtifactStore.Sha256(content)}; its header declared {header.Sha256}", error.Message);
        }

        Assert.Empty(temp.TempEntries());
        Assert.Empty(temp.ContentFiles());
        Assert.Empty(await temp.Store.ListAsync(None));
    }

    [Fact]
    public async Task More_bytes_than_declared_are_refused_at_the_chunk_that_overflows()
    {
        var content = TempArtifactStore.Content(1000);
        await using var upload = await temp.Store.BeginUploadAsync(TempArtifactStore.HeaderFor("tool", content), None);
        await upload.WriteAsync(content.AsMemory(0, 600), None);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => upload.WriteAsync(content.AsMemory(0, 401), None));

        Assert.Equal(ArtifactFailure.InvalidArgument, error.Failure);
        Assert.Contains("more than the 1000 bytes", error.Message);
        Assert.Equal(600, upload.Received);
        Assert.Equal(600, new FileInfo(Assert.Single(temp.TempEntries())).Length);
    }

    [Fact]
    public async Task Fewer_bytes_than_declared_are_refused()
    {
        var content = TempArtifactStore.Content(1000);
        await using var upload = await temp.Store.BeginUploadAsync(TempArtifactStore.HeaderFor("tool", content), None);
        await upload.WriteAsync(content.AsMemory(0, 999), None);

        var error = await Assert.ThrowsAsync<ArtifactException>(() => upload.CommitAsync(None));

        Assert.Equal(ArtifactFailure.InvalidArgument, error.Failure);
        Assert.Contains("ended after 999 bytes; its header declared 1000", error.Message);
    }

    [Fact]
    public async Task An_abandoned_upload_leaves_nothing()
    {
        var content = TempArtifactStore.Content(1000);
        await using (var upload = await temp.Store.BeginUploadAsync(TempArtifactStore.HeaderFor("tool", content), None))
            await upload.WriteAsync(content.AsMemory(0, 500), None);

        Assert.Empty(temp.TempEntries());
        Assert.Empty(temp.ContentFiles());
    }

    [Fact]
    public async Task An_artifact_over_the_size_limit_is_refused_before_any_content()
    {
        using var small = new TempArtifactStore(maxArtifactBytes: 1000);

        var error = await Assert.ThrowsAsync<ArtifactException>(() =>
            small.Store.BeginUploadAsync(new ArtifactHeader("big", new string('a', 64), 1001, false), None));

        Assert.Equal(ArtifactFailure.ResourceExhausted, error.Failure);
        Assert.Contains("1001 bytes; the limit is 1000", error.Message);
        Assert.Empty(small.TempEntries());
    }

    [Fact]
    public async Task The_total_limit_counts_stored_content_once_and_uploads_in_progress()
    {
        using var small = new TempArtifactStore(maxArtifactBytes: 1000, maxTotalBytes: 2500);
        var a = TempArtifactStore.Content(1000, seed: 1);
        await small.PushAsync("a", a);
        await small.PushAsync("a-again", a);
        await using var inProgress = await small.Store.BeginUploadAsync(TempArtifactStore.HeaderFor("b", TempArtifactStore.Content(1000, seed: 2)), None);

        var error = await Assert.ThrowsAsync<ArtifactException>(() =>
            small.Store.BeginUploadAsync(TempArtifactStore.HeaderFor("c", TempArtifactStore.Content(1000, seed: 3)), None));
        // Content already stored needs no room.
        await small.PushAsync("a-third", a);

        Assert.Equal(ArtifactFailure.ResourceExhausted, error.Failure);
        Assert.Contains("1000 bytes are stored and 1000 are being uploaded, of at most 2500", error.Message);
    }

    [Fact]
    public async Task Room_promised_to_an_abandoned_upload_is_returned()
    {
        using var small = new TempArtifactStore(maxArtifactBytes: 1000, maxTotalBytes: 1000);
        var content = TempArtifactStore.Content(1000);
        await (await small.Store.BeginUploadAsync(TempArtifactStore.HeaderFor("a", content), None)).DisposeAsync();

        var stored = await small.PushAsync("a", content);

        Assert.Equal(1000, stored.Size);
    }

    [Fact]
    public async Task Deleting_an_unknown_name_is_not_found_and_a_bad_name_is_invalid()
    {
        var missing = await Assert.ThrowsAsync<ArtifactException>(() => temp.Store.DeleteAsync("nothing", None));
        var invalid = await Assert.ThrowsAsync<ArtifactException>(() => temp.Store.DeleteAsync("../tmp", None));

        Assert.Equal(ArtifactFailure.NotFound, missing.Failure);
        Assert.Equal("no artifact named 'nothing'", missing.Message);
        Assert.Equal(ArtifactFailure.InvalidArgument, invalid.Failure);
    }

    [Fact]
    public async Task Opening_again_keeps_artifacts_and_clears_leftovers()
    {
        var stored = await temp.PushAsync("tool", TempArtifactStore.Content(100), executable: true);
        await File.WriteAllTextAsync(temp.PathOf("tmp", "upload.crashed"), "partial");
        var orphan = temp.PathOf("sha256", new string('b', 64));
        await File.WriteAllTextAsync(orphan, "no name points here");

        var reopened = ArtifactStore.Open(temp.Options);

        Assert.Equal([stored], await reopened.ListAsync(None));
        Assert.Empty(temp.TempEntries());
        Assert.False(File.Exists(orphan));
    }
}
