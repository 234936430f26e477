using Aurae.Api.Artifacts.V0;
using Aurae.Daemon.Tests.Authorization;
using Grpc.Core;
using ArtifactService = Aurae.Daemon.Api.ArtifactService;

namespace Aurae.Daemon.Tests.Artifacts;

/// <summary>The gRPC service: status codes, early aborts, and a clean tmp/ after every failure.</summary>
public sealed class ArtifactServiceTests : IDisposable
{
    private const string PushMethod = "/aurae.artifacts.v0.ArtifactService/Push";

    private readonly TempArtifactStore temp = new(maxArtifactBytes: 100_000, maxTotalBytes: 1_000_000, maxChunkBytes: 4096);
    private readonly ArtifactService service;

    public ArtifactServiceTests() => service = new ArtifactService(temp.Store);

    public void Dispose() => temp.Dispose();

    private static TestServerCallContext Call(string method = PushMethod, CancellationToken cancellationToken = default) =>
        new(method, cancellationToken: cancellationToken);

    private async Task<RpcException> PushFails(FakePushStream stream, ServerCallContext? context = null)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => service.Push(stream, context ?? Call()));
        Assert.Empty(temp.TempEntries());
        return error;
    }

    [Fact]
    public async Task Push_list_delete_round_trip()
    {
        var content = TempArtifactStore.Content(10_000);
        var sha256 = TempArtifactStore.Sha256(content);

        var artifact = await service.Push(new FakePushStream(FakePushStream.For("busybox", content, executable: true)), Call());

        Assert.Equal(new Artifact { Name = "busybox", Sha256 = sha256, Size = 10_000, Executable = true, Path = temp.PathOf("sha256", sha256) }, artifact);
        Assert.Equal(content, await File.ReadAllBytesAsync(artifact.Path));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(artifact.Path));
        var listed = await service.List(new ListRequest(), Call("/aurae.artifacts.v0.ArtifactService/List"));
        Assert.Equal([artifact], listed.Artifacts);

        await service.Delete(new DeleteRequest { Name = "busybox" }, Call("/aurae.artifacts.v0.ArtifactService/Delete"));

        Assert.Empty((await service.List(new ListRequest(), Call())).Artifacts);
        Assert.Empty(temp.ContentFiles());
    }

    [Fact]
    public async Task Two_names_for_the_same_content_share_one_path()
    {
        var content = TempArtifactStore.Content(500);

        var first = await service.Push(new FakePushStream(FakePushStream.For("a", content)), Call());
        var second = await service.Push(new FakePushStream(FakePushStream.For("b", content, chunkSize: 7)), Call());

        Assert.Equal(first.Path, second.Path);
        Assert.Single(temp.ContentFiles());
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(first.Path));
    }

    [Fact]
    public async Task Deleting_an_unknown_name_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => service.Delete(new DeleteRequest { Name = "ghost" }, Call()));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("no artifact named 'ghost'", error.Status.Detail);
    }

    [Fact]
    public async Task An_empty_push_is_missing_its_header()
    {
        var error = await PushFails(new FakePushStream([]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("the first must be the header", error.Status.Detail);
    }

    [Fact]
    public async Task A_chunk_before_the_header_is_refused()
    {
        var error = await PushFails(new FakePushStream([FakePushStream.Chunk([1, 2, 3])]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("the first message of a push must be the header", error.Status.Detail);
    }

    [Fact]
    public async Task A_second_header_is_refused_and_the_partial_content_removed()
    {
        var messages = FakePushStream.For("tool", TempArtifactStore.Content(3000));
        messages.Insert(2, messages[0]);

        var error = await PushFails(new FakePushStream(messages));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("second one", error.Status.Detail);
    }

    [Fact]
    public async Task An_empty_message_is_refused()
    {
        var messages = FakePushStream.For("tool", TempArtifactStore.Content(10));
        messages.Add(new PushRequest());

        var error = await PushFails(new FakePushStream(messages));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Theory]
    [InlineData("a/b", "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("..", "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("", "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("tool", "ABCD")]
    [InlineData("tool", "")]
    public async Task A_bad_header_is_invalid_argument(string name, string sha256)
    {
        var error = await PushFails(new FakePushStream([FakePushStream.Header(name, sha256, 1), FakePushStream.Chunk([0])]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task A_sha256_mismatch_is_invalid_argument_and_leaves_nothing()
    {
        var content = TempArtifactStore.Content(5000);
        var messages = FakePushStream.For("tool", content);
        messages[0] = FakePushStream.Header("tool", TempArtifactStore.Sha256(TempArtifactStore.Content(5000, seed: 9)), 5000);

        var error = await PushFails(new FakePushStream(messages));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"has sha256 {TempArtifactStore.Sha256(content)}", error.Status.Detail);
        Assert.Empty(temp.ContentFiles());
        Assert.Empty(Directory.GetFileSystemEntries(temp.PathOf("names")));
    }

    [Fact]
    public async Task A_declared_size_over_the_limit_is_refused_before_reading_content()
    {
        var stream = new FakePushStream([FakePushStream.Header("big", new string('a', 64), 100_001), FakePushStream.Chunk([1])]);

        var error = await PushFails(stream);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(1, stream.Read);
    }

    [Fact]
    public async Task A_size_beyond_any_integer_is_refused_as_too_large()
    {
        var error = await PushFails(new FakePushStream([FakePushStream.Header("big", new string('a', 64), ulong.MaxValue)]));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Content_past_the_declared_size_aborts_at_once()
    {
        var content = TempArtifactStore.Content(5000);
        var messages = FakePushStream.For("tool", content);
        messages[0] = FakePushStream.Header("tool", TempArtifactStore.Sha256(content), 2500);
        var stream = new FakePushStream(messages);

        var error = await PushFails(stream);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("more than the 2500 bytes", error.Status.Detail);
        // Header and three 1000-byte chunks: the third overflows and nothing after it is read.
        Assert.Equal(4, stream.Read);
    }

    [Fact]
    public async Task A_chunk_over_the_chunk_limit_is_resource_exhausted()
    {
        var content = TempArtifactStore.Content(5000);

        var error = await PushFails(new FakePushStream(FakePushStream.For("tool", content, chunkSize: 4097)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("4097 bytes exceeds the 4096-byte limit", error.Status.Detail);
    }

    [Fact]
    public async Task A_short_push_is_invalid_argument()
    {
        var content = TempArtifactStore.Content(3000);
        var messages = FakePushStream.For("tool", content);
        messages.RemoveAt(messages.Count - 1);

        var error = await PushFails(new FakePushStream(messages));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("ended after 2000 bytes; its header declared 3000", error.Status.Detail);
    }

    [Fact]
    public async Task A_cancelled_push_leaves_nothing()
    {
        using var cancellation = new CancellationTokenSource();
        var content = TempArtifactStore.Content(5000);
        var partial = FakePushStream.For("tool", content).Take(3).ToList();

        var error = await PushFails(new FakePushStream(partial, cancelAfterLast: cancellation), Call(cancellationToken: cancellation.Token));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Empty(temp.ContentFiles());
        Assert.Empty(await temp.Store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_push_keeps_the_previous_artifact_of_that_name()
    {
        var original = await service.Push(new FakePushStream(FakePushStream.For("tool", TempArtifactStore.Content(100, seed: 1))), Call());
        var bad = FakePushStream.For("tool", TempArtifactStore.Content(100, seed: 2));
        bad[0] = FakePushStream.Header("tool", new string('0', 64), 100);

        await PushFails(new FakePushStream(bad));

        Assert.Equal([original], (await service.List(new ListRequest(), Call())).Artifacts);
    }
}
