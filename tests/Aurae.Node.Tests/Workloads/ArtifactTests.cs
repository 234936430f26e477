using System.Security.Cryptography;
using Aurae.Api.Artifacts.V0;
using Aurae.Client;
using Aurae.Node.Tests.Support;
using Grpc.Core;

namespace Aurae.Node.Tests.Workloads;

/// <summary>Files pushed to the node's tmpfs, content-addressed and checked.</summary>
[Collection(WorkloadNodeCollection.Name)]
public sealed class ArtifactTests(WorkloadNode node)
{
    public static string Busybox => TestEnvironment.Tool("busybox", "busybox-static");

    [Fact]
    public async Task Busybox_pushed_is_stored_under_its_sha256_listed_and_deleted()
    {
        using var channel = node.OperatorChannel();
        var client = new ArtifactService.ArtifactServiceClient(channel);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Busybox)));

        var artifact = await ArtifactUploader.PushAsync(client, Busybox, "busybox", executable: true);

        Assert.Equal(sha256, artifact.Sha256);
        Assert.Equal((ulong)new FileInfo(Busybox).Length, artifact.Size);
        Assert.True(artifact.Executable);
        Assert.EndsWith(sha256, artifact.Path);
        var listed = await client.ListAsync(new ListRequest());
        Assert.Contains(listed.Artifacts, a => a.Name == "busybox" && a.Sha256 == sha256);

        var copy = await ArtifactUploader.PushAsync(client, Busybox, "busybox-copy", executable: true);
        Assert.Equal(artifact.Path, copy.Path);

        await client.DeleteAsync(new DeleteRequest { Name = "busybox-copy" });
        listed = await client.ListAsync(new ListRequest());
        Assert.DoesNotContain(listed.Artifacts, a => a.Name == "busybox-copy");
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.DeleteAsync(new DeleteRequest { Name = "busybox-copy" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Content_that_does_not_match_its_declared_sha256_is_refused_and_not_kept()
    {
        using var channel = node.OperatorChannel();
        var client = new ArtifactService.ArtifactServiceClient(channel);
        var content = "not what the header says"u8.ToArray();
        var header = new PushHeader { Name = "liar", Sha256 = new string('0', 64), Size = (ulong)content.Length };

        var error = await Assert.ThrowsAsync<RpcException>(() => ArtifactUploader.PushAsync(client, header, new MemoryStream(content)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var listed = await client.ListAsync(new ListRequest());
        Assert.DoesNotContain(listed.Artifacts, a => a.Name == "liar");
    }
}
